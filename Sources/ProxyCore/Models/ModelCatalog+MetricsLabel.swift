/// The model label of a request's metrics: bounded by the catalog, never the client's free text.
extension ModelCatalog {
    /// The label for metrics when the model asked for is not one the catalog knows.
    public static let otherModelLabel = "other"

    /// The resolved upstream id when the name was a configured alias or a model in the upstream's
    /// live list; otherwise (`claude-*` passed through unchecked) `other`, so a client cannot
    /// grow the metrics without bound by inventing model names.
    public func metricsLabel(for resolution: Resolution) -> String {
        if resolution.info != nil { return resolution.upstreamID }
        let name = resolution.requested.trimmingSpaces()
        if aliases[name] != nil || aliases[name.lowercased()] != nil { return resolution.upstreamID }
        return Self.otherModelLabel
    }
}
