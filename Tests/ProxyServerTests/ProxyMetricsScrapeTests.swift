import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

/// The figures `ProxyMetrics` reads when scraped: credential expiry, budgets and dropped events.
@Suite struct ProxyMetricsScrapeTests {
    typealias Name = ProxyMetrics.Name

    static func read(_ bytes: [UInt8]) throws -> PrometheusSamples {
        try PrometheusSamples(String(decoding: bytes, as: UTF8.self))
    }

    @Test func anExpiringCredentialShowsItsSecondsLeftAndLeavesWhenItNoLongerExpires() throws {
        let metrics = ProxyMetrics()
        let first = try Self.read(
            metrics.exposition(
                credentialExpiries: [("vertex", 1_000_900), ("console", 999_950)], budgets: [], droppedEvents: 0,
                now: 1_000_000))
        #expect(first.value(Name.credentialExpiry, ["upstream": "vertex"]) == 900)
        #expect(first.value(Name.credentialExpiry, ["upstream": "console"]) == -50)
        #expect(first.types[Name.credentialExpiry] == "gauge")

        let second = try Self.read(
            metrics.exposition(
                credentialExpiries: [("vertex", 1_000_900)], budgets: [], droppedEvents: 0, now: 1_000_100))
        #expect(second.value(Name.credentialExpiry, ["upstream": "vertex"]) == 800)
        #expect(second.value(Name.credentialExpiry, ["upstream": "console"]) == nil)
    }

    @Test func droppedEventsMoveTheCounterByWhatTheHubDroppedSinceTheLastScrape() throws {
        let metrics = ProxyMetrics()
        let counts = try [0, 3, 3, 10].map { dropped in
            try Self.read(metrics.exposition(credentialExpiries: [], budgets: [], droppedEvents: dropped, now: 0))
                .value(Name.eventsDropped)
        }
        #expect(counts == [0, 3, 3, 10])
        #expect(
            try Self.read(metrics.exposition(credentialExpiries: [], budgets: [], droppedEvents: 10, now: 0)).types[
                Name.eventsDropped] == "counter")
    }

    @Test func aBudgetShowsSpentRemainingAndLimit() throws {
        let metrics = ProxyMetrics()
        let start = Date(timeIntervalSince1970: 0)
        let budget = BudgetStatus(
            name: "daily", scope: "global", period: .day, action: .refuse, limitUSD: 5, spentUSD: 6, inFlightUSD: 0.5,
            periodStart: start, resetsAt: start.addingTimeInterval(86_400))
        let samples = try Self.read(
            metrics.exposition(credentialExpiries: [], budgets: [budget], droppedEvents: 0, now: 0))
        #expect(samples.value(Name.budgetSpent, ["budget": "daily"]) == 6)
        #expect(samples.value(Name.budgetRemaining, ["budget": "daily"]) == 0)
        #expect(samples.value(Name.budgetLimit, ["budget": "daily"]) == 5)
    }
}
