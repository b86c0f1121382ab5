/// Where a request is in its life, as the requests pane shows it.
public enum RequestPhase: String, Sendable, Equatable, CaseIterable {
    case waiting, streaming, retrying, done, error, cancelled

    /// Still using a connection (counts as active; `q` asks before quitting).
    public var isActive: Bool { self == .waiting || self == .streaming || self == .retrying }
}
