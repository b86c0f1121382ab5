/// How one upstream looks from the traffic through it, for the header.
public struct UpstreamHealth: Sendable, Equatable {
    public enum Verdict: String, Sendable, Equatable {
        case unknown, ok, degraded, down
    }

    public var name: String
    public var consecutiveFailures = 0
    public var lastSuccessAt: Double?
    public var lastFailureAt: Double?
    /// Set when its credential is expired or failed to refresh.
    public var credentialProblem: String?

    public init(name: String) {
        self.name = name
    }

    public var verdict: Verdict {
        if credentialProblem != nil || consecutiveFailures >= 3 { return .down }
        if consecutiveFailures > 0 { return .degraded }
        return lastSuccessAt == nil ? .unknown : .ok
    }
}
