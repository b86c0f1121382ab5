/// Counters for the header: since the dashboard started watching, and for the current local day.
public struct TrafficTotals: Sendable, Equatable {
    public var requests = 0
    public var errors = 0
    public var retries = 0
    public var cancelled = 0
    /// The local day (days since 1970 in the configured time zone) that the `today` fields count.
    public var day = 0
    public var requestsToday = 0
    public var inputTokensToday = 0
    public var outputTokensToday = 0
    public var costToday = 0.0

    public init() {}

    /// Starts a new day's counts when `day` moves on.
    public mutating func roll(to day: Int) {
        guard day != self.day else { return }
        self.day = day
        requestsToday = 0
        inputTokensToday = 0
        outputTokensToday = 0
        costToday = 0
    }
}
