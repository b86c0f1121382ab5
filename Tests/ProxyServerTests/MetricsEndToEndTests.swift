import Foundation
import ProxyCore
import ProxyServer
import Testing

/// `GET /metrics` against the real server and the fake upstream: requests sent, then a scrape
/// whose counters moved by what those requests did.
@Suite struct MetricsEndToEndTests {
    typealias Name = ProxyMetrics.Name

    static func scrape(_ harness: ProxyHarness, headers: [(String, String)] = []) async throws -> PrometheusSamples {
        let response = try await harness.get("/metrics", headers: headers)
        #expect(response.status == 200)
        return try PrometheusSamples(response.body)
    }

    @Test func requestsAreCountedByRouteModelAndStatusWithTokensAndLatencies() async throws {
        let harness = try await ProxyHarness.start()
        defer { Task { await harness.stop() } }
        let model = try harness.service.runtime.current.catalog.resolve("sonnet").get().upstreamID

        let plain = try await harness.post("/v1/chat/completions", chatBody("hello"))
        let streamed = try await harness.post("/v1/chat/completions", chatBody("hello", stream: true))
        let refusedUpstream = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bad-400]] x"))
        let unknownModel = try await harness.post("/v1/chat/completions", chatBody("x", model: "no-such-model"))
        let cached = try await harness.post(
            "/v1/messages",
            #"{"model":"sonnet","max_tokens":50,"messages":[{"role":"user","content":"[[scenario:cache]] hi"}]}"#)
        let statuses: [Int] = [
            plain.status, streamed.status, refusedUpstream.status, unknownModel.status, cached.status,
        ]
        #expect(statuses == [200, 200, 400, 404, 200])

        let metrics = try await Self.scrape(harness)
        let chat = ["route": "chat", "model": model]
        #expect(metrics.value(Name.requests, chat.merging(["status": "200"]) { $1 }) == 2)
        #expect(metrics.value(Name.requests, chat.merging(["status": "400"]) { $1 }) == 1)
        #expect(
            metrics.value(Name.requests, ["route": "chat", "model": ProxyMetrics.noModelLabel, "status": "404"]) == 1)
        #expect(metrics.value(Name.requests, ["route": "messages", "model": model, "status": "200"]) == 1)
        #expect(metrics.types[Name.requests] == "counter")

        #expect(metrics.types[Name.requestDuration] == "histogram")
        #expect(metrics.value(Name.requestDuration + "_count", chat) == 3)
        #expect(metrics.value(Name.requestDuration + "_bucket", chat.merging(["le": "+Inf"]) { $1 }) == 3)
        // Only the streamed answer has a first token of its own.
        #expect(metrics.value(Name.timeToFirstToken + "_count", chat) == 1)

        let plainUsage = parse(plain.body)["usage"]
        let streamedUsage = ssePayloads(streamed.body).map(parse).last { $0["usage"]?.objectValue != nil }?["usage"]
        let completion =
            (plainUsage?["completion_tokens"]?.intValue ?? 0) + (streamedUsage?["completion_tokens"]?.intValue ?? 0)
        let cachedUsage = parse(cached.body)["usage"]
        #expect(completion > 0)
        #expect(
            metrics.value(Name.tokens, ["model": model, "kind": "output"])
                == Double(completion + (cachedUsage?["output_tokens"]?.intValue ?? 0)))
        #expect(metrics.value(Name.tokens, ["model": model, "kind": "cache_read"]) == 2000)
        #expect(metrics.value(Name.tokens, ["model": model, "kind": "cache_write"]) == 1000)
        #expect((metrics.value(Name.tokens, ["model": model, "kind": "input"]) ?? 0) > 0)
        #expect(metrics.value(Name.activeStreams) == 0)
        #expect(metrics.value(Name.eventsDropped) == 0)
    }

    @Test func aModelNameTheCatalogDoesNotKnowIsLabelledOther() async throws {
        let harness = try await ProxyHarness.start()
        defer { Task { await harness.stop() } }
        _ = try await harness.post("/v1/chat/completions", chatBody("hi", model: "claude-made-up-\(UUID().uuidString)"))
        let metrics = try await Self.scrape(harness)
        let models = Set(metrics.samples.filter { $0.name == Name.requests }.compactMap { $0.labels["model"] })
        #expect(models == [ModelCatalog.otherModelLabel])
    }

    @Test func retriesAndUpstreamErrorsAreCountedByUpstreamAndType() async throws {
        let harness = try await ProxyHarness.start()
        defer { Task { await harness.stop() } }
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:fail-529-once]] retry me"))
        #expect(response.status == 200)
        let metrics = try await Self.scrape(harness)
        #expect(metrics.value(Name.retries, ["upstream": "fake", "cause": "529"]) == 1)
        #expect(metrics.value(Name.upstreamErrors, ["upstream": "fake", "type": "overloaded"]) == 1)
        #expect(metrics.value(Name.requests, ["status": "200"]) == 1)
        #expect(metrics.value(Name.failovers) == nil)
    }

    @Test func failoversAreCountedFromTheUpstreamLeftToTheOneTried() async throws {
        let dead = try FailoverTests.deadPort()
        let harness = try await ProxyHarness.start { settings in
            let fake = settings.upstream
            settings.upstreams = [
                .init(
                    name: "primary", baseURL: "http://127.0.0.1:\(dead)", apiKey: "sk-ant-primary-key-000000",
                    credentialSource: "test", priority: 10),
                .init(
                    name: "backup", baseURL: fake.baseURL, apiKey: ProxyHarness.upstreamKey, credentialSource: "test",
                    priority: 1),
            ]
            settings.retries.maxRetries = 1
        }
        defer { Task { await harness.stop() } }
        #expect(try await harness.post("/v1/chat/completions", chatBody("hello")).status == 200)
        let metrics = try await Self.scrape(harness)
        #expect(metrics.value(Name.failovers, ["from": "primary", "to": "backup"]) == 1)
        #expect(metrics.value(Name.upstreamErrors, ["upstream": "primary", "type": "connection"]) == 2)
        #expect(metrics.value(Name.retries, ["upstream": "primary", "cause": "connection"]) == 1)
        #expect(metrics.value(Name.upstreamErrors, ["upstream": "backup"]) == nil)
    }

    @Test func metricsNeedAClientKeyWhenKeysAreConfigured() async throws {
        let key = "client-key-metrics-0123456789"
        let harness = try await ProxyHarness.start { $0.clientKeys = [.init(name: "scraper", key: key)] }
        defer { Task { await harness.stop() } }
        let anonymous = try await harness.get("/metrics")
        #expect(anonymous.status == 401)
        #expect(anonymous.body.contains("missing_api_key"))
        #expect(
            try await harness.get("/metrics", headers: [("authorization", "Bearer wrong-key-000000000")]).status == 401)
        #expect(try await harness.get("//metrics").status == 401)
        let scraped = try await harness.get("/metrics", headers: [("authorization", "Bearer \(key)")])
        #expect(scraped.status == 200)
        #expect(scraped.body.contains("# TYPE \(Name.activeStreams) gauge"))
        #expect(try await harness.get("/metrics", headers: [("x-api-key", key)]).status == 200)
    }

    @Test func budgetsAreReadAtScrapeTimeAndLeaveWithTheirConfiguration() async throws {
        let harness = try await BudgetEnforcementTests.start(
            budgets: [BudgetRule(name: "daily", period: .day, limitUSD: 5, timeZone: TimeZone(identifier: "UTC")!)])
        defer { Task { await harness.stop() } }
        #expect(
            try await harness.post("/v1/chat/completions", BudgetEnforcementTests.body(stream: false)).status == 200)
        let spent = try #require(harness.service.budgets.statuses.first?.spentUSD)
        #expect(spent > 0)
        let metrics = try await Self.scrape(harness)
        #expect(metrics.value(Name.budgetSpent, ["budget": "daily"]) == spent)
        #expect(metrics.value(Name.budgetRemaining, ["budget": "daily"]) == 5 - spent)
        #expect(metrics.value(Name.budgetLimit, ["budget": "daily"]) == 5)

        var settings = harness.service.runtime.current.settings
        settings.budgets = []
        try harness.service.apply(settings)
        let after = try await Self.scrape(harness)
        #expect(after.value(Name.budgetSpent) == nil)
        #expect(after.value(Name.budgetLimit) == nil)
    }

    @Test func activeStreamsCountsTheStreamsBeingServedNow() async throws {
        let harness = try await ProxyHarness.start()
        defer { Task { await harness.stop() } }
        let held = try await HeldStream.open(
            port: harness.proxyPort, body: chatBody("[[scenario:slow]] hold", stream: true))
        #expect(try await Self.scrape(harness).value(Name.activeStreams) == 1)
        await held.close()
        var open: Double?
        for _ in 0..<100 {
            open = try await Self.scrape(harness).value(Name.activeStreams)
            if open == 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(open == 0)
        let metrics = try await Self.scrape(harness)
        #expect(metrics.value(Name.requests, ["route": "chat", "status": "499"]) == 1)
    }

    @Test func eachServiceCountsOnlyItsOwnRequests() async throws {
        let first = try await ProxyHarness.start()
        let second = try await ProxyHarness.start()
        defer {
            Task {
                await first.stop()
                await second.stop()
            }
        }
        _ = try await first.post("/v1/chat/completions", chatBody("one"))
        _ = try await first.post("/v1/chat/completions", chatBody("two"))
        _ = try await second.post("/v1/chat/completions", chatBody("three"))
        #expect(try await Self.scrape(first).value(Name.requests) == 2)
        #expect(try await Self.scrape(second).value(Name.requests) == 1)
    }
}

@Suite struct EventHubDropCountTests {
    @Test func eventsDroppedByAFullSubscriberBufferAreCounted() async throws {
        let hub = EventHub()
        let subscription = hub.subscribe(replay: false, bufferSize: 2)
        for index in 0..<7 { hub.publish(.log(level: .info, message: "event \(index)")) }
        #expect(hub.droppedEvents == 5)
        withExtendedLifetime(subscription) {}
    }

    @Test func aHubWithoutSubscribersDropsNothing() {
        let hub = EventHub()
        for index in 0..<7 { hub.publish(.log(level: .info, message: "event \(index)")) }
        #expect(hub.droppedEvents == 0)
    }
}
