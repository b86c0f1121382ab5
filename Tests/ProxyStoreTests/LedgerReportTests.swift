import Foundation
import Testing

import ProxyCore
@testable import ProxyStore

/// `claude-proxy usage` output for fixed rows at a fixed clock: the exact text, so a change in
/// the table, JSON or CSV is a deliberate one.
@Suite struct LedgerReportTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// Rows of 2026-11-15: two models with prices, one without, a refusal, and a cache-heavy client.
    static func report(by grouping: LedgerGrouping) async throws -> LedgerReport {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        try await LedgerStore(database: database).append([
            row(0, client: "discord-bot", input: 1200, output: 340, cost: 0.0087),
            row(60, client: "discord-bot", input: 800, output: 120, thinking: 64, cost: 0.0042),
            row(120, client: "agent", model: "claude-haiku-4-5-20251001", input: 5000, output: 900, cacheRead: 40_000,
                cacheWrite: 2000, cost: 0.0165),
            row(180, client: "agent", model: "claude-opus-4-7", upstream: "vertex", input: 300, output: 80, cost: nil),
            row(240, client: "192.168.1.20", model: nil, upstream: nil, status: 401, cost: 0),
            row(-86_400, client: "agent", input: 1, output: 1, cost: 0.1),
        ])
        let period = LedgerPeriod.today(now: noon, timeZone: utc)
        let groups = try await LedgerQueries(database: database).groups(period, by: grouping, timeZone: utc)
        return LedgerReport(groups: groups, grouping: grouping, periodLabel: "today, 2026-11-15", period: period, timeZone: utc)
    }

    @Test func tableByModel() async throws {
        let table = try await Self.report(by: .model).table()
        #expect(
            table == """
                claude-proxy usage, today, 2026-11-15 (UTC), by model
                MODEL                       REQUESTS  ERRORS  INPUT  OUTPUT  CACHE READ  CACHE WRITE  THINKING   COST USD
                claude-haiku-4-5-20251001          1       0   5000     900       40000         2000         0    $0.0165
                claude-sonnet-4-5-20250929         2       0   2000     460           0            0        64    $0.0129
                claude-opus-4-7                    1       0    300      80           0            0         0    unknown
                (none)                             1       1      0       0           0            0         0    $0.0000
                ---------------------------------------------------------------------------------------------------------
                TOTAL                              5       1   7300    1440       40000         2000        64  $0.0294+?
                +? 1 request used a model without a known price: cost unknown, not included (set `prices` in the config)

                """)
    }

    @Test func tableByClient() async throws {
        let table = try await Self.report(by: .client).table()
        #expect(
            table == """
                claude-proxy usage, today, 2026-11-15 (UTC), by client
                CLIENT        REQUESTS  ERRORS  INPUT  OUTPUT  CACHE READ  CACHE WRITE  THINKING   COST USD
                agent                2       0   5300     980       40000         2000         0  $0.0165+?
                discord-bot          2       0   2000     460           0            0        64    $0.0129
                192.168.1.20         1       1      0       0           0            0         0    $0.0000
                -------------------------------------------------------------------------------------------
                TOTAL                5       1   7300    1440       40000         2000        64  $0.0294+?
                +? 1 request used a model without a known price: cost unknown, not included (set `prices` in the config)

                """)
    }

    @Test func json() async throws {
        let json = try await Self.report(by: .upstream).json()
        #expect(
            json == #"""
                {"period":{"label":"today, 2026-11-15","from":"2026-11-15T00:00:00Z","until":"2026-11-16T00:00:00Z","time_zone":"UTC"},"by":"upstream","groups":[{"key":"anthropic","requests":3,"errors":0,"input_tokens":7000,"output_tokens":1360,"cache_read_tokens":40000,"cache_write_tokens":2000,"thinking_tokens":64,"cost_usd":0.0294,"cost_complete":true,"unpriced_requests":0},{"key":"vertex","requests":1,"errors":0,"input_tokens":300,"output_tokens":80,"cache_read_tokens":0,"cache_write_tokens":0,"thinking_tokens":0,"cost_usd":0,"cost_complete":false,"unpriced_requests":1},{"key":"(none)","requests":1,"errors":1,"input_tokens":0,"output_tokens":0,"cache_read_tokens":0,"cache_write_tokens":0,"thinking_tokens":0,"cost_usd":0,"cost_complete":true,"unpriced_requests":0}],"total":{"requests":5,"errors":1,"input_tokens":7300,"output_tokens":1440,"cache_read_tokens":40000,"cache_write_tokens":2000,"thinking_tokens":64,"cost_usd":0.0294,"cost_complete":false,"unpriced_requests":1},"budgets":[]}

                """#)
    }

    @Test func budgetsFollowTheTableEachInItsOwnPeriod() async throws {
        var report = try await Self.report(by: .model)
        report.budgets = [
            BudgetStatus(
                name: "daily", scope: "global", period: .day, action: .refuse, limitUSD: 0.02, spentUSD: 0.0294,
                inFlightUSD: 0, periodStart: noon.addingTimeInterval(-43_200),
                resetsAt: noon.addingTimeInterval(43_200)),
            BudgetStatus(
                name: "bot-month", scope: "client:discord-bot", period: .month, action: .warn, limitUSD: 10,
                spentUSD: 8.5, inFlightUSD: 0, periodStart: noon, resetsAt: noon.addingTimeInterval(86_400 * 16)),
        ]
        #expect(
            report.budgetTable() == """

                budgets (their current periods)
                BUDGET     SCOPE               PERIOD  SPENT   LIMIT   USED  ACTION  STATE    RESETS (UTC)
                daily      global              day     $0.03   $0.02  147 %  refuse  spent    2026-11-16T00:00:00Z
                bot-month  client:discord-bot  month   $8.50  $10.00   85 %  warn    nearing  2026-12-01T12:00:00Z

                """)
        #expect(report.table().hasSuffix(report.budgetTable()))
        #expect(report.json().contains(#""budgets":[{"name":"daily","scope":"global","period":"day","action":"refuse""#))
    }

    @Test func csvByDay() async throws {
        let csv = try await Self.report(by: .day).csv()
        #expect(
            csv == """
                day,requests,errors,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,thinking_tokens,cost_usd,unpriced_requests
                2026-11-15,5,1,7300,1440,40000,2000,64,0.029400,1

                """)
    }

    @Test func csvQuotesKeysThatNeedIt() {
        #expect(LedgerReport.csvField("a,b") == "\"a,b\"")
        #expect(LedgerReport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(LedgerReport.csvField("plain") == "plain")
    }
}
