/// The facts about this dashboard that do not come from events: version, where the proxy
/// listens, how the dashboard is connected to it, and the local time zone for "today".
public struct DashboardContext: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        /// Server embedded in this process, on real upstreams.
        case embedded
        /// Server embedded in this process, on the built-in simulated upstream.
        case demo
        /// Watching a separate `claude-proxy serve`.
        case attached(url: String)
    }

    public var version: String
    public var listenURL: String
    public var mode: Mode
    /// Unix seconds the watched server started (for uptime); nil when unknown.
    public var serverStartedAt: Double?
    /// Seconds east of UTC, for local clock times and day boundaries.
    public var utcOffset: Int

    public init(version: String, listenURL: String, mode: Mode, serverStartedAt: Double?, utcOffset: Int) {
        self.version = version
        self.listenURL = listenURL
        self.mode = mode
        self.serverStartedAt = serverStartedAt
        self.utcOffset = utcOffset
    }

    public var isDemo: Bool { mode == .demo }
    public var isAttached: Bool {
        if case .attached = mode { return true }
        return false
    }

    /// Days since 1970 in local time, for "today" counters.
    public func day(of time: Double) -> Int {
        Int(((time + Double(utcOffset)) / 86_400).rounded(.down))
    }
}
