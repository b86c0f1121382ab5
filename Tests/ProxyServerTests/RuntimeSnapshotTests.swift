import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

/// Settings, upstream pool and model catalog change together, as one snapshot per request.
@Suite(.serialized) struct RuntimeSnapshotTests {
    static let oldModel = "claude-haiku-4-5-20251001"
    static let newModel = "claude-sonnet-4-5-20250929"

    @Test func aRequestStartedBeforeAReloadFinishesOnTheSnapshotItStartedWith() async throws {
        let harness = try await ProxyHarness.start { $0.aliases["pinned"] = Self.oldModel }
        let body = chatBody("hi", model: "pinned")
        let bodyBytes = Array(body.utf8)
        let half = bodyBytes.count / 2
        let socket = try RawSocket(port: harness.proxyPort)
        // The head and half the body: the request has arrived and taken its snapshot, and waits for the rest.
        try await RawSocket.run {
            try socket.send(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(bodyBytes.count)\r\n\r\n" + String(decoding: bodyBytes[..<half], as: UTF8.self))
        }
        // Nothing observable marks the head's arrival; on loopback it is there long before this.
        // Were it not, the request would take the new snapshot and the test would fail, never pass wrongly.
        try await Task.sleep(for: .milliseconds(300))
        var reloaded = harness.service.runtime.current.settings
        reloaded.aliases["pinned"] = Self.newModel
        try harness.service.apply(reloaded)
        let inFlight = try await RawSocket.run {
            try socket.send(String(decoding: bodyBytes[half...], as: UTF8.self))
            return try socket.readResponse()
        }
        let after = try await harness.post("/v1/chat/completions", body)
        let models = await harness.upstreamMessages().map { parse(String(decoding: $0.body, as: UTF8.self))["model"]?.stringValue }
        await harness.stop()
        #expect(inFlight.status == 200, "\(inFlight.body)")
        #expect(after.status == 200, "\(after.body)")
        #expect(models == [Self.oldModel, Self.newModel])
    }

    @Test func reloadsAndModelsRefreshesRacingEachOtherBothLand() async throws {
        let harness = try await ProxyHarness.start()
        let service = harness.service
        let base = service.runtime.current.settings
        for round in 0..<50 {
            var settings = base
            settings.aliases["round"] = "claude-round-\(round)"
            let pool = service.runtime.current.pool
            let models = [ModelInfo(id: "claude-live-\(round)")]
            async let reload: Void = { _ = try service.apply(settings) }()
            async let refresh = Task.detached { service.store(liveModels: models, fetchedFrom: pool) }.value
            _ = try await reload
            let stored = await refresh
            let current = service.runtime.current
            #expect(stored)
            #expect(current.catalog.aliases["round"] == "claude-round-\(round)")
            #expect(current.catalog.liveModels.map(\.id) == ["claude-live-\(round)"])
        }
        let generation = service.runtime.current.generation
        await harness.stop()
        #expect(generation == 100 + 1)  // the harness's own refresh, then two swaps a round
    }

    @Test func aModelsListFetchedFromUpstreamsAReloadReplacedIsNotStored() async throws {
        let harness = try await ProxyHarness.start()
        let service = harness.service
        let stalePool = service.runtime.current.pool
        let liveBefore = service.runtime.current.catalog.liveModels
        var moved = service.runtime.current.settings
        moved.upstream.baseURL = "http://127.0.0.1:\(harness.fakePort)/"
        try service.apply(moved)
        let stored = service.store(liveModels: [ModelInfo(id: "claude-from-the-old-upstream")], fetchedFrom: stalePool)
        let current = service.runtime.current
        await harness.stop()
        #expect(!stored)
        #expect(current.pool !== stalePool)
        #expect(current.catalog.liveModels == liveBefore)
    }

    @Test func aReloadKeepsTheLiveModelListAndBudgetRulesFollowIt() async throws {
        let harness = try await ProxyHarness.start()
        let service = harness.service
        let live = service.runtime.current.catalog.liveModels
        var settings = service.runtime.current.settings
        settings.aliases["fresh"] = Self.newModel
        settings.budgets = [BudgetRule(name: "daily", period: .day, limitUSD: 5)]
        try service.apply(settings)
        let current = service.runtime.current
        let rules = service.budgets.rules
        await harness.stop()
        #expect(!live.isEmpty)
        #expect(current.catalog.liveModels == live)
        #expect(current.catalog.aliases["fresh"] == Self.newModel)
        #expect(rules == settings.budgets)
    }
}
