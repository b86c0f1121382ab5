import ProxyCore

/// Everything the dashboard knows about one request: one row of the requests pane, the live
/// pane's text and the inspector's content.
public struct RequestRecord: Sendable, Equatable {
    public var info: RequestInfo
    /// Unix seconds when the request was accepted.
    public var acceptedAt: Double
    public var phase: RequestPhase = .waiting
    public var attempt = 0
    public var retries = 0
    public var firstTokenMs: Int?
    public var durationMs: Int?
    public var status: Int?
    public var usage: Usage?
    public var stopReason: String?
    public var finishReason: String?
    /// `type: message` of a failure.
    public var errorSummary: String?
    public var upstreamRequestID: String?
    public var transcript = Transcript()
    public var inspection: RequestInspection?

    public init(info: RequestInfo, acceptedAt: Double) {
        self.info = info
        self.acceptedAt = acceptedAt
    }

    public var id: String { info.requestID }

    /// Milliseconds since acceptance: final once finished, else measured against `now`.
    public func elapsedMs(now: Double) -> Int {
        durationMs ?? max(0, Int(((now - acceptedAt) * 1000).rounded()))
    }

    /// Output tokens per second after the first token; estimated from characters while streaming.
    public func tokensPerSecond(now: Double) -> Double? {
        guard let firstTokenMs else { return nil }
        let generatingMs = elapsedMs(now: now) - firstTokenMs
        guard generatingMs > 50 else { return nil }
        let tokens = usage.map { Double($0.outputTokens) } ?? Double(transcript.characterCount) / 4
        guard tokens > 0 else { return nil }
        return tokens / (Double(generatingMs) / 1000)
    }

    /// Whether the row matches the `/` filter (case-insensitive, on what the row shows).
    public func matches(filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let haystack = [id, info.client, info.requestedModel, info.upstreamModel, info.route, phase.rawValue,
                        stopReason ?? "", errorSummary ?? ""]
        return haystack.contains { $0.localizedCaseInsensitiveContains(filter) }
    }
}
