import Foundation
import ProxyCore
import Testing

@Suite struct BudgetBookTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// 2026-12-01T10:00:00Z
    static let now = Date(timeIntervalSince1970: 1_796_119_200)

    func rule(
        _ name: String = "daily", scope: BudgetRule.Scope = .global, period: BudgetRule.Period = .day, usd: Double = 1,
        action: BudgetRule.Action = .refuse, zone: TimeZone = utc
    ) -> BudgetRule {
        BudgetRule(name: name, scope: scope, period: period, limitUSD: usd, action: action, timeZone: zone)
    }

    struct WindowCase: Sendable, CustomTestStringConvertible {
        let period: BudgetRule.Period
        let zone: String
        let start: String
        let end: String
        var testDescription: String { "\(period) in \(zone)" }
    }

    @Test(arguments: [
        WindowCase(period: .day, zone: "UTC", start: "2026-12-01T00:00:00Z", end: "2026-12-02T00:00:00Z"),
        WindowCase(period: .month, zone: "UTC", start: "2026-12-01T00:00:00Z", end: "2027-01-01T00:00:00Z"),
        // 10:00Z is 19:00 in Tokyo: the Tokyo day began at 15:00Z the day before.
        WindowCase(period: .day, zone: "Asia/Tokyo", start: "2026-11-30T15:00:00Z", end: "2026-12-01T15:00:00Z"),
        // 10:00Z on 1 December is 02:00 in Los Angeles, still 1 December there.
        WindowCase(period: .month, zone: "America/Los_Angeles", start: "2026-12-01T08:00:00Z", end: "2027-01-01T08:00:00Z"),
    ])
    func periodsFollowTheBudgetsTimeZone(_ c: WindowCase) {
        let window = rule(period: c.period, zone: TimeZone(identifier: c.zone)!).window(containing: Self.now)
        #expect(RFC3339.format(unixSeconds: Int(window.start.timeIntervalSince1970)) == c.start)
        #expect(RFC3339.format(unixSeconds: Int(window.end.timeIntervalSince1970)) == c.end)
    }

    @Test func concurrentRequestsCountTheirEstimatesAgainstTheCap() {
        var book = BudgetBook(rules: [rule(usd: 1)], now: Self.now)
        var admitted: [BudgetTicket] = []
        var refused = 0
        for _ in 0..<50 {
            switch book.admit(client: "bot", estimateUSD: 0.1, now: Self.now) {
            case .admitted(let ticket): admitted.append(ticket)
            case .refused: refused += 1
            }
        }
        // 0.0, 0.1, …, 0.9 in flight are below $1: ten requests get in, forty are refused.
        #expect(admitted.count == 10)
        #expect(refused == 40)
        for ticket in admitted { _ = book.settle(ticket, costUSD: 0.09, now: Self.now) }
        let status = book.statuses(now: Self.now)[0]
        #expect(abs(status.spentUSD - 0.9) < 1e-9)
        #expect(status.inFlightUSD == 0)
        // Below the cap again once the real costs replace the estimates.
        guard case .admitted = book.admit(client: "bot", estimateUSD: 0.1, now: Self.now) else {
            Issue.record("expected an admission at $0.90 of $1")
            return
        }
    }

    @Test func aSpentBudgetRefusesWithItsResetTime() {
        var book = BudgetBook(rules: [rule(usd: 1)], now: Self.now)
        book.seed(name: "daily", spentUSD: 1.2, now: Self.now)
        guard case .refused(let status) = book.admit(client: "bot", estimateUSD: 0, now: Self.now) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(status.name == "daily")
        #expect(RFC3339.format(unixSeconds: Int(status.resetsAt.timeIntervalSince1970)) == "2026-12-02T00:00:00Z")
        let error = ProxyError.budgetSpent(status, now: Self.now)
        #expect(error.status == 429)
        #expect(error.code == "insufficient_quota")
        #expect(error.shouldRetry == false)
        #expect(error.retryAfterSeconds == 14 * 3600)
        #expect(error.message.contains("'daily'"))
        #expect(error.message.contains("$1.20 of $1.00"))
        #expect(error.message.contains("2026-12-02T00:00:00Z"))
        let body = String(decoding: ErrorShape.openAI.bytes(for: error), as: UTF8.self)
        #expect(body.contains(#""type":"insufficient_quota""#))
    }

    @Test func aNewPeriodStartsFromNothingSpent() {
        var book = BudgetBook(rules: [rule(usd: 1)], now: Self.now)
        book.seed(name: "daily", spentUSD: 5, now: Self.now)
        let tomorrow = Self.now.addingTimeInterval(86_400)
        guard case .admitted = book.admit(client: "bot", estimateUSD: 0.1, now: tomorrow) else {
            Issue.record("expected the next day to admit")
            return
        }
        #expect(book.statuses(now: tomorrow)[0].spentUSD == 0)
    }

    @Test func scopesAndActionsDecideWhoIsRefused() {
        var book = BudgetBook(
            rules: [rule("bot-cap", scope: .client("bot"), usd: 1), rule("all-warn", usd: 1, action: .warn)], now: Self.now)
        book.seed(name: "bot-cap", spentUSD: 2, now: Self.now)
        book.seed(name: "all-warn", spentUSD: 2, now: Self.now)
        guard case .refused(let status) = book.admit(client: "bot", estimateUSD: 0, now: Self.now) else {
            Issue.record("the bot's own cap is spent")
            return
        }
        #expect(status.name == "bot-cap")
        // Another client is only covered by the spent warn budget: it is served.
        guard case .admitted = book.admit(client: "editor", estimateUSD: 0, now: Self.now) else {
            Issue.record("a warn budget must not refuse")
            return
        }
    }

    @Test func linesAreAnnouncedOncePerPeriod() {
        var book = BudgetBook(rules: [rule(usd: 1), rule("soft", usd: 1, action: .warn)], now: Self.now)
        func spend(_ cost: Double) -> [String] {
            guard case .admitted(let ticket) = book.admit(client: "c", estimateUSD: 0, now: Self.now) else { return ["refused"] }
            return book.settle(ticket, costUSD: cost, now: Self.now).map { "\($0.status.name):\($0.status.level)" }
        }
        #expect(spend(0.5) == [])
        #expect(spend(0.35) == ["daily:nearing", "soft:nearing"])
        #expect(spend(0.05) == [])
        #expect(spend(0.2) == ["daily:spent", "soft:spent"])
        #expect(spend(0.1) == ["refused"])
        let message = BudgetAlert(status: book.statuses(now: Self.now)[0]).message
        #expect(message.contains("new requests are refused until it resets 2026-12-02T00:00:00Z"))
    }

    @Test func unknownCostsAreNotCountedButReleaseTheirEstimate() {
        var book = BudgetBook(rules: [rule(usd: 1)], now: Self.now)
        guard case .admitted(let ticket) = book.admit(client: "c", estimateUSD: 0.4, now: Self.now) else {
            Issue.record("expected an admission")
            return
        }
        #expect(book.statuses(now: Self.now)[0].inFlightUSD == 0.4)
        #expect(book.settle(ticket, costUSD: nil, now: Self.now) == [])
        let status = book.statuses(now: Self.now)[0]
        #expect(status.inFlightUSD == 0)
        #expect(status.spentUSD == 0)
    }

    @Test(arguments: [
        (bytes: 3000, maxTokens: 1000, input: 3.0, output: 15.0, expected: 0.003 + 0.015),
        (bytes: 0, maxTokens: 0, input: 3.0, output: 15.0, expected: 0.0),
        (bytes: 300_000, maxTokens: 64000, input: 5.0, output: 25.0, expected: 0.5 + 1.6),
    ])
    func estimatesCountThePromptAndTheWholeOutputAllowance(
        bytes: Int, maxTokens: Int, input: Double, output: Double, expected: Double
    ) {
        let estimate = BudgetEstimate.usd(bodyBytes: bytes, maxTokens: maxTokens, inputPerMTok: input, outputPerMTok: output)
        #expect(abs(estimate - expected) < 1e-9)
    }
}
