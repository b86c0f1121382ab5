import Foundation

/// One finished request as the ledger stores it: who asked, for what, how it ended, what it used
/// and what that cost.
public struct LedgerRecord: Sendable, Equatable {
    /// When the request finished.
    public var time: Date
    public var requestID: String
    /// The client's key name, or its address when no keys are configured.
    public var client: String
    /// The dialect (`chat`, `responses`, `messages`, `count_tokens`, `completions`) or, for a
    /// request refused before a route took it, its path.
    public var route: String
    public var requestedModel: String?
    public var upstreamModel: String?
    /// The upstream that served (or last failed) the request.
    public var upstream: String?
    public var stream: Bool
    public var status: Int
    /// The error's type or code (`rate_limit_error`, `client_closed`); nil for a success.
    public var errorType: String?
    /// Upstream attempts made, retries and failovers included (0 when refused before any).
    public var attempts: Int
    public var latencyMs: Int
    /// Time to the first token reaching the client; nil when none did or the answer was not streamed.
    public var ttftMs: Int?
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheReadTokens: Int
    public var cacheWriteTokens: Int
    public var thinkingTokens: Int
    /// Estimated cost in US dollars; nil when tokens were used on a model without a known price.
    public var costUSD: Double?

    public init(
        time: Date, requestID: String, client: String, route: String, requestedModel: String? = nil,
        upstreamModel: String? = nil, upstream: String? = nil, stream: Bool = false, status: Int,
        errorType: String? = nil, attempts: Int = 0, latencyMs: Int = 0, ttftMs: Int? = nil, inputTokens: Int = 0,
        outputTokens: Int = 0, cacheReadTokens: Int = 0, cacheWriteTokens: Int = 0, thinkingTokens: Int = 0,
        costUSD: Double? = 0
    ) {
        self.time = time
        self.requestID = requestID
        self.client = client
        self.route = route
        self.requestedModel = requestedModel
        self.upstreamModel = upstreamModel
        self.upstream = upstream
        self.stream = stream
        self.status = status
        self.errorType = errorType
        self.attempts = attempts
        self.latencyMs = latencyMs
        self.ttftMs = ttftMs
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.thinkingTokens = thinkingTokens
        self.costUSD = costUSD
    }

    /// Whether the request counts as an error (anything but a 2xx).
    public var isError: Bool { !(200..<300).contains(status) }
}
