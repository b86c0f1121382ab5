import ProxyCore

/// What the proxy's events say, reduced: the recent requests, the credentials, the events
/// pane's lines, health and counters. Bounded in size however long the dashboard runs.
///
/// Pure: `apply(_:context:)` is the whole event → state reduction, tested on its own.
public struct TrafficState: Sendable, Equatable {
    public static let requestLimit = 200
    public static let eventLimit = 500
    /// Only the newest requests keep their (possibly large) inspection.
    public static let inspectionLimit = 40

    /// Oldest first; the requests pane shows them newest first.
    public internal(set) var requests: [RequestRecord] = []
    /// In the order first seen.
    public internal(set) var credentials: [CredentialStatus] = []
    /// Oldest first.
    public internal(set) var events: [EventLine] = []
    public internal(set) var upstreams: [UpstreamHealth] = []
    public internal(set) var totals = TrafficTotals()
    /// Acceptance times within the last minute, for requests per minute.
    public internal(set) var recentAcceptTimes: [Double] = []
    /// The newest event applied; older or repeated ones (an attach replay) are skipped.
    public internal(set) var lastSequence: UInt64 = 0
    public internal(set) var lastEventTime: Double = 0
    /// The service process start the state describes (`ProxyEvent.instance`); nil until known.
    public internal(set) var instance: String?
    /// How many times a new instance (a restarted service) replaced the state.
    public internal(set) var restarts = 0
    /// The ledger's figures and the budgets, when the service keeps a ledger; the header's
    /// today and month, and the usage view (`u`), come from here rather than from estimates.
    public internal(set) var usage: UsageSnapshot?

    public init() {}

    public var activeCount: Int { requests.reduce(0) { $0 + ($1.phase.isActive ? 1 : 0) } }

    public func requestsPerMinute(now: Double) -> Int {
        recentAcceptTimes.reduce(0) { $0 + ($1 > now - 60 ? 1 : 0) }
    }

    public func request(id: String) -> RequestRecord? {
        requests.last { $0.id == id }
    }

    /// Adds a line of the dashboard's own (command results, connection changes).
    public mutating func note(_ text: String, level: ProxyEvent.LogLevel, at time: Double) {
        appendEvent(EventLine(time: time, level: level, text: text))
    }

    public mutating func clearEvents() {
        events.removeAll()
    }

    /// Forgets what the previous service process said (its requests, credentials, health and
    /// counters, whose sequence numbers no longer mean anything) and keeps the events pane's lines,
    /// with a marker where the new process begins.
    mutating func startInstance(_ newInstance: String, at time: Double) {
        let kept = events
        let restartCount = restarts + 1
        self = TrafficState()
        events = kept
        restarts = restartCount
        instance = newInstance
        appendEvent(EventLine(
            time: time, level: .warning,
            text: "service restarted (instance \(newInstance)): requests and totals start again"))
    }

    mutating func appendEvent(_ line: EventLine) {
        events.append(line)
        if events.count > Self.eventLimit { events.removeFirst(events.count - Self.eventLimit) }
    }

    mutating func updateRequest(_ id: String, _ change: (inout RequestRecord) -> Void) {
        guard let index = requests.lastIndex(where: { $0.id == id }) else { return }
        change(&requests[index])
    }

    mutating func updateUpstream(_ name: String, _ change: (inout UpstreamHealth) -> Void) {
        if let index = upstreams.firstIndex(where: { $0.name == name }) {
            change(&upstreams[index])
        } else {
            var health = UpstreamHealth(name: name)
            change(&health)
            upstreams.append(health)
        }
    }

    mutating func insert(_ record: RequestRecord) {
        requests.append(record)
        if requests.count > Self.requestLimit { requests.removeFirst(requests.count - Self.requestLimit) }
    }

    mutating func pruneAcceptTimes(now: Double) {
        if let firstRecent = recentAcceptTimes.firstIndex(where: { $0 > now - 60 }) {
            if firstRecent > 0 { recentAcceptTimes.removeFirst(firstRecent) }
        } else {
            recentAcceptTimes.removeAll()
        }
    }

    /// Drops inspections of all but the newest requests.
    mutating func trimInspections() {
        let keepFrom = requests.count - Self.inspectionLimit
        guard keepFrom > 0 else { return }
        for index in 0..<keepFrom where requests[index].inspection != nil {
            requests[index].inspection = nil
        }
    }
}
