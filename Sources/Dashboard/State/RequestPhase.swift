/// Where a request is in its life, as the requests pane shows it.
public enum RequestPhase: String, Sendable, Equatable, CaseIterable {
    /// `queued`: waiting for a free upstream connection, before the first attempt.
    case queued, waiting, streaming, retrying, done, error, cancelled

    /// Still in progress (counts as active; `q` asks before quitting).
    public var isActive: Bool { self == .queued || self == .waiting || self == .streaming || self == .retrying }
}
