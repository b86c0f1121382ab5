import Foundation
import ProxyCore
@testable import ProxyServer
import Synchronization
import Testing

/// `limits.maxUpstreamConnections` and `limits.queueSeconds` end to end: the real proxy in front
/// of the fake upstream holding slow streams, with a small cap.
@Suite(.serialized) struct UpstreamQueueTests {
    /// Endless at the harness's pacing (2,000 events); longer plans cost the fake real time to build.
    static let holdBody = chatBody("[[scenario:long:2000]] hold the line", stream: true)

    static func start(cap: Int, queueSeconds: Int) async throws -> ProxyHarness {
        try await ProxyHarness.start(eventDelay: .milliseconds(20)) {
            $0.maxUpstreamConnections = cap
            $0.queueSeconds = queueSeconds
        }
    }

    /// Opens `count` endless streams and checks that each one is streaming.
    static func hold(_ count: Int, on harness: ProxyHarness) async throws -> [HeldStream] {
        var held: [HeldStream] = []
        for _ in 0..<count {
            let stream = try await HeldStream.open(port: harness.proxyPort, body: holdBody)
            #expect(stream.status == 200)
            held.append(stream)
        }
        return held
    }

    /// The first event `matches` accepts, or nil when none came within `seconds`.
    static func firstEvent<T: Sendable>(
        _ subscription: EventSubscription, within seconds: Int, _ matches: @escaping @Sendable (ProxyEvent.Kind) -> T?
    ) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask {
                for await event in subscription { if let found = matches(event.kind) { return found } }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func aRequestBeyondTheCapIsQueuedThenServedWhenAStreamEnds() async throws {
        let harness = try await Self.start(cap: 4, queueSeconds: 20)
        let held = try await Self.hold(4, on: harness)
        let subscription = harness.service.hub.subscribe(replay: false)
        let fifth = Task { try await harness.post("/v1/chat/completions", chatBody("number five")) }

        let queuedID = await Self.firstEvent(subscription, within: 10) { if case .queued(let id) = $0 { id } else { nil } }
        #expect(queuedID != nil, "the fifth request should be published as queued")
        #expect(await harness.upstreamMessages().count == 4, "a queued request must not reach the upstream yet")
        let attempt = Task {
            await Self.firstEvent(subscription, within: 10) { kind -> Bool? in
                if case .upstreamAttempt(let id, _, _) = kind, id == queuedID { true } else { nil }
            }
        }
        await held[0].close()
        let response = try await fifth.value
        let attempted = await attempt.value
        for stream in held.dropFirst() { await stream.close() }
        await harness.stop()

        #expect(response.status == 200)
        #expect(parse(response.body)["choices"]?[0]?["message"]?["content"]?.stringValue?.contains("number five") == true)
        #expect(attempted == true, "once a slot is free the queued request makes its attempt")
    }

    @Test func aRequestThatWaitsPastQueueSecondsGets503WithRetryAfter() async throws {
        let harness = try await Self.start(cap: 4, queueSeconds: 1)
        let held = try await Self.hold(4, on: harness)
        let started = ContinuousClock.now
        let response = try await harness.post("/v1/chat/completions", chatBody("number five", stream: true))
        let waited = ContinuousClock.now - started
        let upstreamCount = await harness.upstreamMessages().count
        for stream in held { await stream.close() }
        await harness.stop()

        #expect(response.status == 503)
        #expect(header("retry-after", response.headers) == "1")
        let error = parse(response.body)["error"]
        #expect(error?["code"] == "upstream_queue_full")
        let message = error?["message"]?.stringValue ?? ""
        #expect(message.contains("All 4 upstream connections to fake are busy"))
        #expect(message.contains("limits.maxUpstreamConnections"))
        #expect(waited >= .seconds(1) && waited < .seconds(10), "waited \(waited)")
        #expect(upstreamCount == 4)
    }

    @Test func aClientThatHangsUpWhileQueuedLeavesTheQueue() async throws {
        let harness = try await Self.start(cap: 2, queueSeconds: 8)
        let held = try await Self.hold(2, on: harness)
        let subscription = harness.service.hub.subscribe(replay: false)
        let gate = harness.service.client.admission(for: harness.service.runtime.current.pool.targets[0].baseURL, limit: 2)
        let (leaver, _) = try await HeldStream.send(port: harness.proxyPort, body: chatBody("I will not wait", stream: true))
        let queuedID = await Self.firstEvent(subscription, within: 10) { if case .queued(let id) = $0 { id } else { nil } }
        #expect(queuedID != nil)
        #expect(gate.counts.waiting == 1)
        try? await leaver.close()
        // Cancelled in line: the request ends as the client's own (499), not as a 503 after the wait.
        let failure = await Self.firstEvent(subscription, within: 12) { kind -> RequestFailure? in
            if case .failed(let failure) = kind, failure.requestID == queuedID { failure } else { nil }
        }
        let counts = gate.counts
        for stream in held { await stream.close() }
        await harness.stop()

        // The handler only learns that its client hung up once issue 11 #6 (cancel the request
        // when the client disconnects before the first byte) is in; the gate itself leaves the line
        // on cancellation (UpstreamAdmissionTests). Until then this request waits out queueSeconds.
        withKnownIssue("needs the client-disconnect cancellation of issue 11 #6", isIntermittent: true) {
            #expect(failure?.status == 499)
        }
        #expect(counts.waiting == 0)
        #expect(counts.inFlight == 2)
    }

    @Test func slotsComeBackAfterErrorsAndDisconnects() async throws {
        let harness = try await Self.start(cap: 2, queueSeconds: 3)
        let url = harness.baseURL + "/v1/chat/completions"
        for _ in 0..<3 {
            // Upstream 529s (each retry takes and gives back a slot), an error in mid-stream, and
            // a client that hangs up mid-stream.
            let overloaded = try await harness.post("/v1/chat/completions", chatBody("[[scenario:fail-529]] hi"))
            #expect(overloaded.status == 503)
            #expect(parse(overloaded.body)["error"]?["code"] != "upstream_queue_full")
            let midstream = try await harness.post("/v1/chat/completions", chatBody("[[scenario:midstream-error]] hi", stream: true))
            #expect(midstream.status == 200)
            var request = URLRequestLike(url: url, body: chatBody("[[scenario:slow]] go", stream: true))
            try await request.readFirstChunkThenDisconnect()
        }
        // Nine failed or abandoned requests on a cap of two: both slots must be free again.
        let held = try await Self.hold(2, on: harness)
        for stream in held { await stream.close() }
        var statuses: [Int] = []
        for index in 0..<4 {
            statuses.append(try await harness.post("/v1/chat/completions", chatBody("after \(index)")).status)
        }
        await harness.stop()
        #expect(statuses == [200, 200, 200, 200])
    }

    /// The streams that got their first chunk, and a way to wait for a number of them.
    actor Opened {
        var streams: [HeldStream] = []
        private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []

        func add(_ stream: HeldStream) {
            streams.append(stream)
            let ready = waiters.filter { $0.0 <= streams.count }
            waiters.removeAll { $0.0 <= streams.count }
            for waiter in ready { waiter.1.resume() }
        }

        func waitFor(_ count: Int) async {
            if streams.count >= count { return }
            await withCheckedContinuation { waiters.append((count, $0)) }
        }
    }

    @Test func sixHundredStreamsOnTheDefaultCapWaitQueuedThenAreServedNone502() async throws {
        // The default cap of 512; slowly paced endless streams (cheap on a shared machine) and a
        // long queue time, so the 88 beyond the cap wait until the test frees slots for them.
        let harness = try await ProxyHarness.start(eventDelay: .milliseconds(500)) { $0.queueSeconds = 60 }
        #expect(harness.service.runtime.current.settings.maxUpstreamConnections == 512)
        let subscription = harness.service.hub.subscribe(replay: false, bufferSize: 1 << 20)
        let eightyEightQueued = Task {
            let counter = Mutex(0)
            return await Self.firstEvent(subscription, within: 60) { kind -> Int? in
                guard case .queued = kind else { return nil }
                let queued = counter.withLock { count in
                    count += 1
                    return count
                }
                return queued == 88 ? queued : nil
            }
        }
        let opened = Opened()
        let port = harness.proxyPort
        let all = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<600 {
                    group.addTask { await opened.add(try await HeldStream.open(port: port, body: Self.holdBody)) }
                }
                try await group.waitForAll()
            }
        }
        let queued = await eightyEightQueued.value
        #expect(queued == 88, "the 88 streams beyond 512 should be published as queued")
        await opened.waitFor(512)
        let first = await opened.streams.prefix(88)
        for stream in first { await stream.close() }
        // Each closed stream frees a slot for one queued request, which then streams too.
        try await all.value
        let streams = await opened.streams
        for stream in streams { await stream.close() }
        await harness.stop()

        #expect(streams.count == 600)
        let statuses = Dictionary(grouping: streams, by: { $0.status ?? 0 }).mapValues(\.count)
        #expect(statuses == [200: 600])
    }
}
