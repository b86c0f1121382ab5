/// Where the dashboard's events come from, and whether that source is reachable right now.
public enum ConnectionStatus: Sendable, Equatable {
    /// Embedded server in this process.
    case embedded
    /// Attached to a `serve` over `/admin/events`, receiving.
    case connected
    /// Attached, connection lost; retrying.
    case reconnecting(attempt: Int, reason: String)

    public var isConnected: Bool {
        if case .reconnecting = self { return false }
        return true
    }
}
