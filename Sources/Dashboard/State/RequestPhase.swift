/// Where a request is in its life, as the requests pane shows it.
public enum RequestPhase: String, Sendable, Equatable, CaseIterable {
    case queued, waiting, streaming, retrying, done, error, cancelled

    /// Still in flight, queued or using a connection (counts as active; `q` asks before quitting).
    public var isActive: Bool { self == .queued || self == .waiting || self == .streaming || self == .retrying }
}
