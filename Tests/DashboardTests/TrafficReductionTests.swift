import Dashboard
import ProxyCore
import Testing

@Suite struct TrafficReductionTests {
    let context = DashboardFixtures.context
    let start = DashboardFixtures.start

    @Test func busyFixtureReducesToOneRecordPerRequestNewestFirst() {
        let state = DashboardFixtures.busyState()
        #expect(state.visibleRequests.map(\.id) == ["cp_think00005", "cp_error00004", "cp_retry00003", "cp_tools00002", "cp_done000001"])
        #expect(state.visibleRequests.map(\.phase) == [.streaming, .error, .done, .done, .done])
        #expect(state.traffic.totals.requests == 5)
        #expect(state.traffic.totals.errors == 1)
        #expect(state.traffic.totals.retries == 1)
        #expect(state.traffic.activeCount == 1)
        // The first request, exactly a minute old, no longer counts.
        #expect(state.traffic.requestsPerMinute(now: start) == 4)
    }

    @Test func finishedRequestsAddTokensAndCostToToday() {
        let totals = DashboardFixtures.busyState().traffic.totals
        #expect(totals.inputTokensToday == 1200 + 880 + 300)
        #expect(totals.outputTokensToday == 48 + 64 + 22)
        #expect(totals.costToday > 0)
    }

    @Test func deltasBuildTheTranscriptWithThinkingAndToolCalls() {
        let state = DashboardFixtures.busyState()
        let tools = state.traffic.request(id: "cp_tools00002")!
        #expect(tools.transcript.segments == [
            .text("Let me check the weather."), .toolCall(index: 0, name: "get_weather", arguments: "{\"city\":\"Lisbon\"}"),
        ])
        let thinking = state.traffic.request(id: "cp_think00005")!
        #expect(thinking.transcript.segments.first == .thinking("The user wants a budget trip; start with the old town."))
        #expect(thinking.firstTokenMs == 800)
    }

    @Test func retryMarksTheRequestRetryingUntilTokensArrive() {
        var traffic = TrafficState()
        traffic.apply(ProxyEvent(sequence: 1, time: start, kind: .requestAccepted(DashboardFixtures.info("a"))), context: context)
        traffic.apply(ProxyEvent(sequence: 2, time: start, kind: .retrying(requestID: "a", attempt: 1, status: 529, delayMs: 500, reason: "overloaded")), context: context)
        #expect(traffic.request(id: "a")?.phase == .retrying)
        #expect(traffic.events.last?.level == .warning)
        traffic.apply(ProxyEvent(sequence: 3, time: start + 1, kind: .delta(requestID: "a", delta: .text("hi"))), context: context)
        #expect(traffic.request(id: "a")?.phase == .streaming)
    }

    @Test func replayedEventsFromTheSameServerAreSkipped() {
        var traffic = TrafficState()
        let events = DashboardFixtures.events
        for event in events { traffic.apply(event, context: context) }
        let once = traffic
        for event in events { traffic.apply(event, context: context) }
        #expect(traffic == once)
    }

    @Test func aRestartedServerIsRecognisedByNewerTimes() {
        var traffic = TrafficState()
        for event in DashboardFixtures.events { traffic.apply(event, context: context) }
        let restarted = ProxyEvent(sequence: 1, time: start + 600, kind: .requestAccepted(DashboardFixtures.info("fresh")))
        traffic.apply(restarted, context: context)
        #expect(traffic.request(id: "fresh") != nil)
    }

    @Test func requestRingIsBounded() {
        var traffic = TrafficState()
        for index in 0..<(TrafficState.requestLimit + 50) {
            traffic.apply(ProxyEvent(sequence: UInt64(index + 1), time: start + Double(index),
                                     kind: .requestAccepted(DashboardFixtures.info("r\(index)"))), context: context)
        }
        #expect(traffic.requests.count == TrafficState.requestLimit)
        #expect(traffic.requests.first?.id == "r50")
        #expect(traffic.totals.requests == TrafficState.requestLimit + 50)
    }

    @Test func transcriptDropsOldestTextBeyondItsLimit() {
        var transcript = Transcript(limit: 100)
        for _ in 0..<30 { transcript.append(.text("0123456789")) }
        #expect(transcript.characterCount == 300)
        #expect(transcript.segments.reduce(0) { $0 + ($1 == .text("") ? 0 : 1) } == 1)
        if case .text(let text) = transcript.segments.first { #expect(text.count == 100) }
    }

    @Test func credentialChangesAreLoggedOncePerChange() {
        var traffic = TrafficState()
        let status = CredentialStatus(upstream: "main", kind: "api_key", redactedID: "sk-ant-…3f9a", state: .valid)
        traffic.apply(ProxyEvent(sequence: 1, time: start, kind: .credential(status)), context: context)
        traffic.apply(ProxyEvent(sequence: 2, time: start + 1, kind: .credential(status)), context: context)
        #expect(traffic.events.count == 1)
        var expired = status
        expired.state = .expired
        expired.message = "log in again: `ant auth login`"
        traffic.apply(ProxyEvent(sequence: 3, time: start + 2, kind: .credential(expired)), context: context)
        #expect(traffic.events.last?.level == .error)
        #expect(traffic.upstreams.first?.verdict == .down)
    }

    @Test func clientDisconnectCancelsTheRow() {
        var traffic = TrafficState()
        traffic.apply(ProxyEvent(sequence: 1, time: start, kind: .requestAccepted(DashboardFixtures.info("a"))), context: context)
        traffic.apply(ProxyEvent(sequence: 2, time: start + 2, kind: .clientDisconnected(requestID: "a")), context: context)
        #expect(traffic.request(id: "a")?.phase == .cancelled)
        #expect(traffic.request(id: "a")?.durationMs == 2000)
        #expect(traffic.activeCount == 0)
    }

    @Test func aQueuedRequestShowsQueuedUntilItsAttemptStarts() {
        var traffic = TrafficState()
        traffic.apply(ProxyEvent(sequence: 1, time: start, kind: .requestAccepted(DashboardFixtures.info("a"))), context: context)
        traffic.apply(ProxyEvent(sequence: 2, time: start + 1, kind: .queued(requestID: "a")), context: context)
        #expect(traffic.request(id: "a")?.phase == .queued)
        #expect(traffic.activeCount == 1)
        traffic.apply(ProxyEvent(sequence: 3, time: start + 2, kind: .upstreamAttempt(requestID: "a", attempt: 1, upstream: "anthropic")), context: context)
        #expect(traffic.request(id: "a")?.phase == .waiting)
    }

    @Test func pausedDisplayFreezesWhileTrafficIsCounted() {
        var state = DashboardFixtures.busyState()
        state = KeyHandler.handle(.character("p"), in: state).0
        state.apply(.event(ProxyEvent(sequence: 500, time: start + 1, kind: .requestAccepted(DashboardFixtures.info("late")))))
        #expect(state.visibleRequests.count == 5)
        #expect(state.traffic.totals.requests == 6)
        state = KeyHandler.handle(.character("p"), in: state).0
        #expect(state.visibleRequests.count == 6)
    }

    @Test func connectionLossAndReturnAreNoted() {
        var state = DashboardState(context: DashboardContext(
            version: "?", listenURL: "http://127.0.0.1:3456", mode: .attached(url: "http://127.0.0.1:3456"),
            serverStartedAt: nil, utcOffset: 0), now: start)
        state.apply(.connection(.connected, at: start))
        state.apply(.connection(.reconnecting(attempt: 1, reason: "connection refused"), at: start + 1))
        state.apply(.connection(.connected, at: start + 3))
        #expect(state.traffic.events.map(\.text) == [
            "attached to the proxy", "connection to the proxy lost (connection refused); reconnecting…", "reconnected to the proxy",
        ])
    }
}
