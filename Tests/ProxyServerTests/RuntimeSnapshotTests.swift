import Foundation
import Hummingbird
import Logging
import ProxyCore
import Testing

@testable import ProxyServer

/// Settings, upstream pool and model catalog change together, as one snapshot per request.
@Suite(.serialized) struct RuntimeSnapshotTests {
    static let oldModel = "claude-haiku-4-5-20251001"
    static let newModel = "claude-sonnet-4-5-20250929"

    /// The proxy's middleware in front of a route that stops half-way until the test lets it go:
    /// a reload lands while the request is in flight, at a point the test controls.
    @Test func aRequestStartedBeforeAReloadFinishesOnTheSnapshotItStartedWith() async throws {
        let harness = try await ProxyHarness.start { $0.aliases["pinned"] = Self.oldModel }
        let service = harness.service
        let (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let router = Router(context: ProxyRequestContext.self)
        router.add(middleware: RuntimeSnapshotMiddleware(runtime: service.runtime))
        router.get("/pinned") { _, context -> String in
            let before = service.snapshot(for: context).catalog.aliases["pinned"] ?? "?"
            enteredContinuation.yield()
            var iterator = release.makeAsyncIterator()
            _ = await iterator.next()
            let after = service.snapshot(for: context).catalog.aliases["pinned"] ?? "?"
            return "\(before) \(after)"
        }
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())

        let inFlight = Task { try await RawSocket.exchange(port: port, "GET /pinned HTTP/1.1\r\nHost: x\r\n\r\n") }
        var enteredIterator = entered.makeAsyncIterator()
        _ = await enteredIterator.next()
        var reloaded = service.runtime.current.settings
        reloaded.aliases["pinned"] = Self.newModel
        try service.apply(reloaded)
        releaseContinuation.yield()
        let first = try await inFlight.value
        releaseContinuation.yield()
        let second = try await RawSocket.exchange(port: port, "GET /pinned HTTP/1.1\r\nHost: x\r\n\r\n")
        server.cancel()
        _ = await server.result
        await harness.stop()
        #expect(first.body == "\(Self.oldModel) \(Self.oldModel)")
        #expect(second.body == "\(Self.newModel) \(Self.newModel)")
    }

    @Test func aChatRequestAfterAReloadUsesTheReloadedAliases() async throws {
        let harness = try await ProxyHarness.start { $0.aliases["pinned"] = Self.oldModel }
        let before = try await harness.post("/v1/chat/completions", chatBody("hi", model: "pinned"))
        var reloaded = harness.service.runtime.current.settings
        reloaded.aliases["pinned"] = Self.newModel
        try harness.service.apply(reloaded)
        let after = try await harness.post("/v1/chat/completions", chatBody("hi", model: "pinned"))
        let models = await harness.upstreamMessages().map { parse(String(decoding: $0.body, as: UTF8.self))["model"]?.stringValue }
        await harness.stop()
        #expect(before.status == 200 && after.status == 200)
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
