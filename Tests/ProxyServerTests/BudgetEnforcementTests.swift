import AsyncHTTPClient
import Foundation
import ProxyCore
import ProxyServer
import Testing

/// Budgets against the real server and the fake upstream: a burst at the edge of a budget
/// overshoots by at most the in-flight estimate, then new requests get a 429 in the dialect's
/// shape that says which budget, what it spent and when it resets.
@Suite struct BudgetEnforcementTests {
    /// $1 per 1,000 tokens of either kind: a short request costs a few cents, so a few dozen fill the cap.
    static let price = ModelPrice(inputPerMTok: 1000, outputPerMTok: 1000, cacheReadPerMTok: 100, cacheWritePerMTok: 1250)

    static func start(budgets: [BudgetRule], eventDelay: Duration = .zero) async throws -> ProxyHarness {
        let harness = try await ProxyHarness.start(eventDelay: eventDelay)
        let model = try harness.service.runtime.current.catalog.resolve("sonnet").get().upstreamID
        var settings = harness.service.runtime.current.settings
        settings.budgets = budgets
        settings.prices = ModelPrices(overrides: [model: price])
        try harness.service.apply(settings)
        return harness
    }

    static func body(stream: Bool) -> String {
        chatBody("Say something short.", stream: stream, extra: #","max_tokens":20"#)
    }

    @Test func fiftyConcurrentRequestsAtTheEdgeOvershootByAtMostTheInFlightEstimate() async throws {
        let limit = 0.5
        let harness = try await Self.start(
            budgets: [BudgetRule(name: "daily", period: .day, limitUSD: limit, timeZone: TimeZone(identifier: "UTC")!)],
            eventDelay: .milliseconds(2))
        defer { Task { await harness.stop() } }

        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<50 {
                group.addTask { try await harness.post("/v1/chat/completions", Self.body(stream: index % 2 == 0)).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let served = statuses.filter { $0 == 200 }.count
        let refused = statuses.filter { $0 == 429 }.count
        #expect(served + refused == 50, "only answers and budget refusals: \(statuses)")
        #expect(served > 0 && refused > 0, "the burst straddles the cap: \(served) served, \(refused) refused")
        #expect(await harness.upstreamMessages().count == served, "refused requests never reach upstream")

        let status = try #require(harness.service.budgets.statuses.first)
        #expect(status.inFlightUSD == 0, "every claim was settled")
        // One request's estimate: the translated body (well under 600 bytes → 200 tokens) and 20 output tokens.
        let maximumEstimate = (200.0 + 20.0) * 1000 / 1_000_000
        #expect(status.spentUSD >= limit - maximumEstimate, "the cap was used, \(status.spentUSD)")
        #expect(status.spentUSD <= limit + maximumEstimate, "overshoot beyond one estimate: \(status.spentUSD)")

        // Below the line once the estimates were replaced by real costs: a few more requests spend the rest.
        var refusal = try await harness.post("/v1/chat/completions", Self.body(stream: false))
        for _ in 0..<40 where refusal.status == 200 {
            refusal = try await harness.post("/v1/chat/completions", Self.body(stream: false))
        }
        #expect(refusal.status == 429)
        #expect(harness.service.budgets.statuses[0].spentUSD <= limit + maximumEstimate)
        let health = parse(try await harness.get("/health").body)
        let listed = try #require(health["budgets"]?.arrayValue?.first)
        #expect(listed["name"]?.stringValue == "daily")
        #expect(listed["level"]?.stringValue == "spent")
        #expect(listed["limit_usd"]?.doubleValue == limit)
        #expect((listed["spent_usd"]?.doubleValue ?? 0) >= limit)
        #expect(listed["resets_at"]?.doubleValue == status.resetsAt.timeIntervalSince1970)
        #expect(header("x-should-retry", refusal.headers) == "false")
        let error = parse(refusal.body)["error"]
        #expect(error?["type"]?.stringValue == "insufficient_quota")
        #expect(error?["code"]?.stringValue == "insufficient_quota")
        let message = error?["message"]?.stringValue ?? ""
        #expect(message.contains("Budget 'daily'"))
        #expect(message.contains("of $0.50"))
        #expect(message.contains(RFC3339.format(unixSeconds: Int(status.resetsAt.timeIntervalSince1970))))
    }

    @Test func theAnthropicRouteRefusesInItsOwnShapeAndOtherClientsAreServed() async throws {
        let harness = try await Self.start(budgets: [
            BudgetRule(name: "bot", scope: .client("10.9.9.9"), period: .month, limitUSD: 1),
            BudgetRule(name: "everyone", period: .day, limitUSD: 0.01, action: .warn),
        ])
        defer { Task { await harness.stop() } }
        // The loopback client is not 10.9.9.9: only the warn budget covers it, and it never refuses.
        for _ in 0..<3 { #expect(try await harness.post("/v1/chat/completions", Self.body(stream: false)).status == 200) }
        let everyone = try #require(harness.service.budgets.statuses.first { $0.name == "everyone" })
        #expect(everyone.level == .spent)

        var settings = harness.service.runtime.current.settings
        settings.budgets = [BudgetRule(name: "all", period: .day, limitUSD: 0.01)]
        try harness.service.apply(settings)
        harness.service.budgets.seed(name: "all", spentUSD: 0.02)
        let native = try await harness.post(
            "/v1/messages", #"{"model":"sonnet","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}"#,
            headers: [("anthropic-version", "2023-06-01")])
        #expect(native.status == 429)
        #expect(parse(native.body)["type"]?.stringValue == "error")
        #expect(parse(native.body)["error"]?["type"]?.stringValue == "rate_limit_error")
        #expect(header("x-should-retry", native.headers) == "false")
    }

    @Test func spendingPastEightyPercentRaisesAWarningEventOnce() async throws {
        // Each request costs a few percent of the cap, so one of them lands between 80 % and 100 %.
        let harness = try await Self.start(budgets: [BudgetRule(name: "tiny", period: .day, limitUSD: 0.5, action: .warn)])
        defer { Task { await harness.stop() } }
        let subscription = harness.service.hub.subscribe(replay: false)
        for _ in 0..<80 where harness.service.budgets.statuses[0].level != .spent {
            #expect(try await harness.post("/v1/chat/completions", Self.body(stream: false)).status == 200)
        }
        for _ in 0..<3 { _ = try await harness.post("/v1/chat/completions", Self.body(stream: false)) }
        harness.service.hub.publish(.log(level: .info, message: "end of test"))
        var warnings: [String] = []
        for await event in subscription {
            guard case .log(let level, let message) = event.kind else { continue }
            if message == "end of test" { break }
            if level == .warning, message.contains("budget 'tiny'") { warnings.append(message) }
        }
        #expect(warnings.count == 2, "80 % and 100 %, once each: \(warnings)")
        #expect(warnings.last?.contains("this budget only warns") == true)
    }
}
