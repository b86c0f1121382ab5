import Foundation
import GRDB
import ProxyCore

/// The ledger's read side, shared by `claude-proxy usage`, the dashboard and budgets: plain
/// structs out, periods as half-open `[from, until)` ranges (nil: unbounded).
///
/// ```swift
/// let queries = LedgerQueries(database: try StateDatabase(readingExisting: path))
/// let period = LedgerPeriod.today(now: Date(), timeZone: .current)
/// let byModel = try await queries.groups(period, by: .model, timeZone: .current)
/// ```
public struct LedgerQueries: Sendable {
    public let database: StateDatabase

    public init(database: StateDatabase) {
        self.database = database
    }

    static let aggregates = """
        COUNT(*), COALESCE(SUM(status < 200 OR status > 299), 0), COALESCE(SUM(input_tokens), 0),
        COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_read_tokens), 0), COALESCE(SUM(cache_write_tokens), 0),
        COALESCE(SUM(thinking_tokens), 0), COALESCE(SUM(cost_usd), 0.0), COALESCE(SUM(cost_usd IS NULL), 0)
        """

    /// Days are cut in the reader's time zone out of quarter-hour buckets (every UTC offset is a
    /// multiple of 15 minutes), so the database never needs to know the zone.
    static let bucketMs: Int64 = 15 * 60 * 1000

    /// Whether the file has the ledger table yet (a database made by an older version may not).
    public func hasLedger() async throws -> Bool {
        try await database.pool.read { db in try db.tableExists(LedgerSchema.table) }
    }

    /// Totals over `period`, optionally for one client only.
    /// What `rule`'s scope spent (known prices only) in the rule's period containing `now`.
    public func spent(_ rule: BudgetRule, now: Date) async throws -> Double {
        let window = rule.window(containing: now)
        let client: String? =
            switch rule.scope {
            case .global: nil
            case .client(let name): name
            }
        return try await totals(LedgerPeriod(from: window.start, until: window.end), client: client).costUSD
    }

    /// The budgets as they stand at `now` from the ledger alone (nothing in flight): what
    /// `claude-proxy usage` shows while or after the service runs.
    public func budgetStatuses(_ rules: [BudgetRule], now: Date) async throws -> [BudgetStatus] {
        var book = BudgetBook(rules: rules, now: now)
        for rule in rules { book.seed(name: rule.name, spentUSD: try await spent(rule, now: now), now: now) }
        return book.statuses(now: now)
    }

    public func totals(_ period: LedgerPeriod, client: String? = nil) async throws -> LedgerTotals {
        var (condition, arguments) = Self.condition(period)
        if let client {
            condition += " AND client = ?"
            _ = arguments.append(contentsOf: [client])
        }
        let sql = "SELECT \(Self.aggregates) FROM ledger WHERE \(condition)"
        let bound = arguments
        return try await database.pool.read { db in
            guard let row = try Row.fetchOne(db, sql: sql, arguments: bound) else { return LedgerTotals() }
            return Self.totals(row, from: 0)
        }
    }

    /// Totals over `period` split by `grouping`: days in order, the rest by cost, then requests.
    public func groups(_ period: LedgerPeriod, by grouping: LedgerGrouping, timeZone: TimeZone) async throws -> [LedgerGroup] {
        let (condition, arguments) = Self.condition(period)
        let key: String =
            switch grouping {
            case .model: "COALESCE(NULLIF(upstream_model, ''), NULLIF(requested_model, ''), '(none)')"
            case .client: "client"
            case .upstream: "COALESCE(NULLIF(upstream, ''), '(none)')"
            case .day: "time / \(Self.bucketMs)"
            }
        let sql = "SELECT \(key), \(Self.aggregates) FROM ledger WHERE \(condition) GROUP BY 1"
        let isDay = grouping == .day
        let rows = try await database.pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row -> (key: String, bucket: Int64, totals: LedgerTotals) in
                isDay
                    ? (key: "", bucket: row[0] as Int64, totals: Self.totals(row, from: 1))
                    : (key: row[0] as String, bucket: 0, totals: Self.totals(row, from: 1))
            }
        }
        guard isDay else {
            return rows.map { LedgerGroup(key: $0.key, totals: $0.totals) }
                // Dearest first; a row of unknown cost may be dear, so it goes before the free ones.
                .sorted { a, b in
                    (a.totals.costUSD, a.totals.unpricedRequests, a.totals.requests, b.key)
                        > (b.totals.costUSD, b.totals.unpricedRequests, b.totals.requests, a.key)
                }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var days: [String: LedgerTotals] = [:]
        for row in rows {
            let start = Date(timeIntervalSince1970: Double(row.bucket * Self.bucketMs) / 1000)
            days[Self.dayKey(start, calendar: calendar), default: LedgerTotals()].add(row.totals)
        }
        return days.map { LedgerGroup(key: $0.key, totals: $0.value) }.sorted { $0.key < $1.key }
    }

    /// Every row of `period`, oldest first (tests, exports).
    public func records(_ period: LedgerPeriod) async throws -> [LedgerRecord] {
        let (condition, arguments) = Self.condition(period)
        return try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ledger WHERE \(condition) ORDER BY time, id", arguments: arguments)
                .map(Self.record)
        }
    }

    static func condition(_ period: LedgerPeriod) -> (String, StatementArguments) {
        var clauses = ["1"]
        var arguments = StatementArguments()
        if let from = period.from {
            clauses.append("time >= ?")
            _ = arguments.append(contentsOf: [milliseconds(from)])
        }
        if let until = period.until {
            clauses.append("time < ?")
            _ = arguments.append(contentsOf: [milliseconds(until)])
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    static func totals(_ row: Row, from index: Int) -> LedgerTotals {
        LedgerTotals(
            requests: row[index], errors: row[index + 1], inputTokens: row[index + 2], outputTokens: row[index + 3],
            cacheReadTokens: row[index + 4], cacheWriteTokens: row[index + 5], thinkingTokens: row[index + 6],
            costUSD: row[index + 7], unpricedRequests: row[index + 8])
    }

    static func record(_ row: Row) -> LedgerRecord {
        LedgerRecord(
            time: Date(timeIntervalSince1970: Double(row["time"] as Int64) / 1000), requestID: row["request_id"],
            client: row["client"], route: row["route"], requestedModel: row["requested_model"],
            upstreamModel: row["upstream_model"], upstream: row["upstream"], stream: row["stream"], status: row["status"],
            errorType: row["error_type"], attempts: row["attempts"], latencyMs: row["latency_ms"], ttftMs: row["ttft_ms"],
            inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], cacheReadTokens: row["cache_read_tokens"],
            cacheWriteTokens: row["cache_write_tokens"], thinkingTokens: row["thinking_tokens"], costUSD: row["cost_usd"])
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func dayKey(_ date: Date, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
