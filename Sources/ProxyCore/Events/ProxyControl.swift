/// What a dashboard can ask of the proxy it watches. The embedded dashboard calls the server
/// directly; an attached one sends the same commands over HTTP (`POST /admin/reload`,
/// `POST /admin/refresh`).
public protocol ProxyControl: Sendable {
    /// Re-reads and validates the configuration, swapping it in only when valid.
    func reload() async -> CommandResult
    /// Runs the credential refresh path now for every upstream.
    func refreshCredentials() async -> CommandResult
}

/// The outcome of a dashboard command, in words for the events pane.
public struct CommandResult: Sendable, Equatable, Codable {
    public var ok: Bool
    public var message: String

    public init(ok: Bool, message: String) {
        self.ok = ok
        self.message = message
    }
}
