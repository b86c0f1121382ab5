/// What a set of ledger rows adds up to.
public struct LedgerTotals: Sendable, Equatable {
    public var requests = 0
    /// Rows with a status other than 2xx (refusals, upstream errors, client disconnects).
    public var errors = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var cacheReadTokens = 0
    public var cacheWriteTokens = 0
    public var thinkingTokens = 0
    /// The sum of the known costs, in US dollars.
    public var costUSD = 0.0
    /// Rows whose cost is unknown (tokens used on a model without a price): `costUSD` leaves them out.
    public var unpricedRequests = 0

    public init(
        requests: Int = 0, errors: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0, cacheReadTokens: Int = 0,
        cacheWriteTokens: Int = 0, thinkingTokens: Int = 0, costUSD: Double = 0, unpricedRequests: Int = 0
    ) {
        self.requests = requests
        self.errors = errors
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.thinkingTokens = thinkingTokens
        self.costUSD = costUSD
        self.unpricedRequests = unpricedRequests
    }

    /// Whether every row's cost is known.
    public var costIsComplete: Bool { unpricedRequests == 0 }

    public mutating func add(_ other: LedgerTotals) {
        requests += other.requests
        errors += other.errors
        inputTokens += other.inputTokens
        outputTokens += other.outputTokens
        cacheReadTokens += other.cacheReadTokens
        cacheWriteTokens += other.cacheWriteTokens
        thinkingTokens += other.thinkingTokens
        costUSD += other.costUSD
        unpricedRequests += other.unpricedRequests
    }
}

/// One line of a grouped summary: the group's key (a model, client, upstream or `YYYY-MM-DD`) and totals.
public struct LedgerGroup: Sendable, Equatable {
    public var key: String
    public var totals: LedgerTotals

    public init(key: String, totals: LedgerTotals) {
        self.key = key
        self.totals = totals
    }
}

/// How a summary is split.
public enum LedgerGrouping: String, Sendable, CaseIterable {
    /// By upstream model id (the requested name when the request never reached a model).
    case model
    case client
    /// By calendar day in the reader's time zone.
    case day
    case upstream
}
