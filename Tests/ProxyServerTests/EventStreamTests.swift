import Foundation
import ProxyCore
import ProxyServer
import Testing

@Suite(.serialized) struct EventStreamTests {
    /// Collects the events published from now on, up to and including the first that `isLast` accepts.
    func collectEvents(from harness: ProxyHarness, until isLast: @escaping @Sendable (ProxyEvent.Kind) -> Bool)
        -> Task<[ProxyEvent.Kind], Never>
    {
        let subscription = harness.service.hub.subscribe(replay: false)
        return Task {
            var events: [ProxyEvent.Kind] = []
            for await event in subscription {
                events.append(event.kind)
                if isLast(event.kind) { break }
            }
            return events
        }
    }

    @Test func aRequestPublishesItsLifeInOrder() async throws {
        let harness = try await ProxyHarness.start()
        let collector = collectEvents(from: harness) { if case .finished = $0 { true } else { false } }
        _ = try await harness.post("/v1/chat/completions", chatBody("[[scenario:tools]] hi", stream: true, extra: #","tools":[{"type":"function","function":{"name":"get_weather"}}]"#))
        let events = await collector.value
        await harness.stop()

        guard case .requestAccepted(let info) = events.first else {
            Issue.record("first event should be requestAccepted, got \(String(describing: events.first))")
            return
        }
        #expect(info.stream)
        #expect(info.requestedModel == "sonnet")
        #expect(info.upstreamModel == "claude-sonnet-4-6")
        #expect(events.contains { if case .inspection(let inspection) = $0 { inspection.upstreamRequest.contains("claude-sonnet-4-6") } else { false } })
        #expect(events.contains { if case .upstreamAttempt(_, 1, _) = $0 { true } else { false } })
        #expect(events.contains { if case .firstToken = $0 { true } else { false } })
        #expect(events.contains { if case .delta(_, .toolCall(0, "get_weather")) = $0 { true } else { false } })
        guard case .finished(let outcome) = events.last else {
            Issue.record("last event should be finished")
            return
        }
        #expect(outcome.finishReason == "tool_calls")
        #expect(outcome.usage.outputTokens > 0)
    }

    @Test func retriesAndFailuresArePublished() async throws {
        let harness = try await ProxyHarness.start()
        let collector = collectEvents(from: harness) { if case .failed = $0 { true } else { false } }
        _ = try await harness.post("/v1/chat/completions", chatBody("[[scenario:fail-529]] hi"))
        let events = await collector.value
        await harness.stop()
        #expect(events.filter { if case .retrying = $0 { true } else { false } }.count == 2)
        guard case .failed(let failure) = events.last else {
            Issue.record("expected failed")
            return
        }
        #expect(failure.status == 503)
    }

    @Test func inspectorRecordRedactsClientKeys() async throws {
        let harness = try await ProxyHarness.start { $0.clientKeys = [.init(name: "bot", key: "client-key-abcdefghijkl")] }
        let subscription = harness.service.hub.subscribe(replay: false)
        let collector = Task { () -> RequestInspection? in
            for await event in subscription {
                if case .inspection(let inspection) = event.kind { return inspection }
            }
            return nil
        }
        _ = try await harness.post("/v1/chat/completions", chatBody("hi"), headers: [("authorization", "Bearer client-key-abcdefghijkl")])
        let inspection = try #require(await collector.value)
        await harness.stop()
        let everything = "\(inspection)"
        #expect(!everything.contains("client-key-abcdefghijkl"))
        #expect(!everything.contains(ProxyHarness.upstreamKey))
        #expect(inspection.clientHeaders["authorization"]?.hasSuffix("…ijkl") == true)
        #expect(inspection.curl.contains("$CLAUDE_PROXY_KEY"))
    }

    @Test func twoHundredStreamsWithASubscriberGetUnchangedAnswers() async throws {
        let harness = try await ProxyHarness.start()
        let subscription = harness.service.hub.subscribe(replay: false, bufferSize: 64)
        let watcher = Task {
            var count = 0
            var dropped = 0
            for await event in subscription {
                count += 1
                if case .dropped(let n) = event.kind { dropped += n }
                if count % 50 == 0 { try? await Task.sleep(for: .milliseconds(1)) }  // a slow-ish dashboard
            }
            return (count, dropped)
        }
        let texts = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let response = try await harness.post("/v1/chat/completions", chatBody("stream \(index)", stream: true))
                    let text = ssePayloads(response.body).dropLast().compactMap { parse($0)["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
                    return (index, text)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        watcher.cancel()
        await harness.stop()
        #expect(texts.count == 200)
        for (index, text) in texts {
            #expect(text == "Hello from the fake Claude. You said: stream \(index)")
        }
    }
}

@Suite struct EventHubTests {
    @Test func slowSubscribersSeeADroppedMarkerInsteadOfBlockingPublishers() async {
        let hub = EventHub(clock: { 0 })
        let subscription = hub.subscribe(replay: false, bufferSize: 10)
        for index in 0..<100 { hub.publish(.log(level: .info, message: "event \(index)")) }
        var iterator = subscription.makeAsyncIterator()
        let first = await iterator.next()
        let second = await iterator.next()
        #expect(first?.kind == .log(level: .info, message: "event 90"))
        #expect(second?.kind == .log(level: .info, message: "event 91"))
        hub.publish(.log(level: .info, message: "late"))
        var last: ProxyEvent?
        for _ in 0..<9 { last = await iterator.next() }
        #expect(last?.kind == .log(level: .info, message: "late"))
    }

    @Test func gapsBecomeDroppedMarkers() async {
        let hub = EventHub(clock: { 0 })
        let subscription = hub.subscribe(replay: false, bufferSize: 2)
        var iterator = subscription.makeAsyncIterator()
        hub.publish(.log(level: .info, message: "a"))
        _ = await iterator.next()
        for index in 0..<5 { hub.publish(.log(level: .info, message: "b\(index)")) }
        let marker = await iterator.next()
        #expect(marker?.kind == .dropped(count: 3))
        #expect(await iterator.next()?.kind == .log(level: .info, message: "b3"))
    }

    @Test func newSubscribersGetHistoryAndLatestCredentials() async {
        let hub = EventHub(clock: { 0 })
        hub.publish(.credential(CredentialStatus(upstream: "a", kind: "api_key", redactedID: "x", state: .valid)))
        for index in 0..<(EventHub.historySize + 5) { hub.publish(.log(level: .info, message: "\(index)")) }
        var iterator = hub.subscribe().makeAsyncIterator()
        let first = await iterator.next()
        #expect(first.map { if case .credential = $0.kind { true } else { false } } == true)
        #expect(await iterator.next()?.kind == .log(level: .info, message: "5"))
    }

    @Test func usageFiguresStayOutOfTheHistoryAndOnlyTheLatestIsReplayedInOrder() async {
        let hub = EventHub(clock: { 0 })
        hub.publish(.log(level: .info, message: "before"))
        for requests in 1...50 { hub.publish(.usage(UsageSnapshot(today: .init(requests: requests)))) }
        hub.publish(.log(level: .info, message: "after"))
        let subscription = hub.subscribe()
        var iterator = subscription.makeAsyncIterator()
        var kinds: [ProxyEvent.Kind] = []
        for _ in 0..<3 { if let event = await iterator.next() { kinds.append(event.kind) } }
        #expect(kinds == [
            .log(level: .info, message: "before"), .usage(UsageSnapshot(today: .init(requests: 50))),
            .log(level: .info, message: "after"),
        ])
    }
}
