import Dashboard
import Foundation
import ProxyCore
import Testing

/// The ledger's figures in the dashboard: the header's today and month, the budget warning,
/// and the usage view (`u`) at the smallest supported size.
@Suite struct UsageViewTests {
    static let start = DashboardFixtures.start

    static func snapshot(spent: Double = 4.2) -> UsageSnapshot {
        var days: [UsageSnapshot.Line] = []
        for offset in 0..<14 {
            let day = String(format: "2025-01-%02d", 2 + offset)
            let cost = offset == 13 ? 1.37 : Double(offset % 5) * 0.6
            days.append(.init(key: day, figures: .init(requests: 10 + offset, costUSD: cost)))
        }
        return UsageSnapshot(
            today: .init(requests: 23, errors: 2, inputTokens: 52_000, outputTokens: 8_100, costUSD: 1.37),
            month: .init(requests: 410, errors: 9, inputTokens: 900_000, outputTokens: 120_000, costUSD: 18.04),
            days: days,
            todayByModel: [
                .init(key: "claude-sonnet-4-5-20250929", figures: .init(requests: 15, costUSD: 1.2)),
                .init(key: "claude-opus-4-7", figures: .init(requests: 3, costUSD: 0, unpricedRequests: 3)),
                .init(key: "claude-haiku-4-5-20251001", figures: .init(requests: 5, costUSD: 0.17)),
            ],
            todayByClient: [
                .init(key: "discord-bot", figures: .init(requests: 20, costUSD: 1.3)),
                .init(key: "127.0.0.1", figures: .init(requests: 3, costUSD: 0.07)),
            ],
            budgets: [
                BudgetStatus(
                    name: "daily", scope: "global", period: .day, action: .refuse, limitUSD: 5, spentUSD: spent,
                    inFlightUSD: 0.12, periodStart: Date(timeIntervalSince1970: start - 43_200),
                    resetsAt: Date(timeIntervalSince1970: start + 43_200)),
                BudgetStatus(
                    name: "bot-month", scope: "client:discord-bot", period: .month, action: .warn, limitUSD: 50,
                    spentUSD: 12.5, inFlightUSD: 0, periodStart: Date(timeIntervalSince1970: start - 86_400 * 14),
                    resetsAt: Date(timeIntervalSince1970: start + 86_400 * 17)),
            ])
    }

    static func state(_ snapshot: UsageSnapshot) -> DashboardState {
        var state = DashboardFixtures.busyState()
        state.apply(.event(ProxyEvent(sequence: 200, time: start, kind: .usage(snapshot))))
        return state
    }

    @Test func usageViewAt80x24() throws {
        let state = KeyHandler.handle(.character("u"), in: Self.state(Self.snapshot())).0
        #expect(state.view.mode == .usage)
        let text = DashboardRenderer.render(state, width: 80, height: 24, capabilities: .init(unicode: true, colour: true)).text
        try SnapshotAssertion.assertMatches(text, named: "usage-80x24")
        #expect(text.contains("01-15"))
        #expect(text.contains("$18.04"))
        #expect(text.contains("$4.20/$5.00 84%"))
        #expect(text.contains("resets in 12h00m"))
        #expect(text.contains("discord-bot"))
        #expect(text.contains("+?"), "a model without a price shows its cost as incomplete")
        // `u` again (or Esc) goes back.
        #expect(KeyHandler.handle(.character("u"), in: state).0.view.mode == .overview)
        #expect(KeyHandler.handle(.escape, in: state).0.view.mode == .overview)
    }

    @Test func usageViewIsASCIIOnAPlainTerminal() {
        let state = KeyHandler.handle(.character("u"), in: Self.state(Self.snapshot())).0
        let text = DashboardRenderer.render(state, width: 80, height: 24, capabilities: .init(unicode: false, colour: false)).text
        #expect(text.allSatisfy { $0.isASCII })
        #expect(text.contains("#"))
    }

    @Test func withoutLedgerFiguresTheViewSaysWhy() {
        let state = KeyHandler.handle(.character("u"), in: DashboardFixtures.busyState()).0
        let text = DashboardRenderer.render(state, width: 80, height: 24, capabilities: .init(unicode: true, colour: true)).text
        #expect(text.contains("No ledger figures yet"))
    }

    @Test func theHeaderShowsTheLedgersTodayAndMonthAndTheLoudestBudget() {
        let text = DashboardRenderer.render(
            Self.state(Self.snapshot()), width: 120, height: 40, capabilities: .init(unicode: true, colour: true)
        ).text
        let header = text.split(separator: "\n")[1]
        #expect(header.contains("$1.37 · month $18.04"))
        #expect(header.contains("budget daily 84%"))
        #expect(!header.contains("~$"), "ledger figures are not estimates")

        let quiet = DashboardRenderer.render(
            Self.state(Self.snapshot(spent: 1)), width: 120, height: 40, capabilities: .init(unicode: true, colour: true)
        ).text.split(separator: "\n")[1]
        #expect(!quiet.contains("budget"), "a budget below 80 % stays out of the header")
    }

    @Test func aSpentRefuseBudgetIsDrawnAsAnError() {
        let grid = DashboardRenderer.render(
            Self.state(Self.snapshot(spent: 5.3)), width: 120, height: 40, capabilities: .init(unicode: true, colour: true))
        let errorText = grid.cells.filter { $0.style.role == .error }.map { String($0.character) }.joined()
        #expect(errorText.contains("budget daily 106%"))
    }
}
