/// What the ledger says about spending, as the dashboard's header and usage view (`u`) show it:
/// today, this month, the last days, today by model and by client, and the budgets.
///
/// The server builds it from the ledger every few seconds and publishes it as an event, so an
/// embedded and an attached dashboard show the same figures, and they survive restarts.
public struct UsageSnapshot: Sendable, Equatable {
    /// Totals of a set of ledger rows.
    public struct Figures: Sendable, Equatable {
        public var requests: Int
        /// Rows whose status was not 2xx.
        public var errors: Int
        public var inputTokens: Int
        public var outputTokens: Int
        /// The sum of the known costs in US dollars.
        public var costUSD: Double
        /// Rows whose cost is unknown (no price for the model): `costUSD` leaves them out.
        public var unpricedRequests: Int

        public init(
            requests: Int = 0, errors: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0, costUSD: Double = 0,
            unpricedRequests: Int = 0
        ) {
            self.requests = requests
            self.errors = errors
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.costUSD = costUSD
            self.unpricedRequests = unpricedRequests
        }
    }

    /// One labelled line: a day (`YYYY-MM-DD`), a model or a client.
    public struct Line: Sendable, Equatable {
        public var key: String
        public var figures: Figures

        public init(key: String, figures: Figures) {
            self.key = key
            self.figures = figures
        }
    }

    public var today: Figures
    public var month: Figures
    /// The last days, oldest first, today last; days without traffic are present with zeros.
    public var days: [Line]
    /// Today, most expensive first.
    public var todayByModel: [Line]
    public var todayByClient: [Line]
    public var budgets: [BudgetStatus]
    /// Finished requests the ledger could not write (disk full, file locked) since the start.
    public var unrecordedRows: Int

    public init(
        today: Figures = Figures(), month: Figures = Figures(), days: [Line] = [], todayByModel: [Line] = [],
        todayByClient: [Line] = [], budgets: [BudgetStatus] = [], unrecordedRows: Int = 0
    ) {
        self.today = today
        self.month = month
        self.days = days
        self.todayByModel = todayByModel
        self.todayByClient = todayByClient
        self.budgets = budgets
        self.unrecordedRows = unrecordedRows
    }

    /// How many days `days` covers.
    public static let dayCount = 14
    /// How many models and clients a snapshot carries at most (the rest are summed as `other`).
    public static let lineLimit = 8
}
