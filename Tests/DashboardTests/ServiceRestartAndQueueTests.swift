import Dashboard
import ProxyCore
import Testing

/// A restarted service (new instance id) and requests waiting for an upstream connection.
@Suite struct ServiceRestartAndQueueTests {
    let context = DashboardFixtures.context
    let start = DashboardFixtures.start

    func stamped(_ events: [ProxyEvent], instance: String) -> [ProxyEvent] {
        events.map { var event = $0; event.instance = instance; return event }
    }

    @Test func aNewInstanceResetsRequestsCredentialsAndTotalsButKeepsTheEventLinesWithAMarker() {
        var state = DashboardState(context: context, now: start)
        for event in stamped(DashboardFixtures.events, instance: "old") { state.apply(.event(event)) }
        #expect(state.traffic.requests.count == 5)
        let linesBefore = state.traffic.events.map(\.text)

        // The restarted service numbers its events from 1 again, and its clock may even be behind.
        state.apply(.event(ProxyEvent(sequence: 1, time: start - 200, instance: "new", kind: .requestAccepted(DashboardFixtures.info("cp_after")))))
        state.apply(.event(ProxyEvent(sequence: 2, time: start - 199, instance: "new", kind: .failed(RequestFailure(
            requestID: "cp_after", status: 502, errorType: "upstream_error", message: "boom", upstreamRequestID: nil, durationMs: 3)))))

        #expect(state.traffic.requests.map(\.id) == ["cp_after"])
        #expect(state.traffic.totals.requests == 1)
        #expect(state.traffic.totals.errors == 1)
        #expect(state.traffic.totals.retries == 0)
        #expect(state.traffic.credentials.isEmpty)
        #expect(state.traffic.instance == "new")
        #expect(state.traffic.restarts == 1)
        let lines = state.traffic.events.map(\.text)
        #expect(Array(lines.prefix(linesBefore.count)) == linesBefore)
        #expect(lines.contains { $0.hasPrefix("service restarted") })
        #expect(state.view.toast?.text.contains("service restarted") == true)
    }

    @Test func theFirstInstanceSeenAndItsReplayDoNotCountAsARestart() {
        var state = DashboardState(context: context, now: start)
        let events = stamped(DashboardFixtures.events, instance: "only")
        for event in events { state.apply(.event(event)) }
        let once = state.traffic
        for event in events { state.apply(.event(event)) }
        #expect(state.traffic == once)
        #expect(state.traffic.restarts == 0)
        #expect(state.view.toast == nil)
    }

    @Test func aQueuedRequestShowsQueuedUntilItsFirstAttempt() {
        var state = DashboardState(context: context, now: start)
        state.apply(.event(ProxyEvent(sequence: 1, time: start, kind: .requestAccepted(DashboardFixtures.info("cp_q")))))
        state.apply(.event(ProxyEvent(sequence: 2, time: start, kind: .queued(requestID: "cp_q"))))
        #expect(state.traffic.request(id: "cp_q")?.phase == .queued)
        #expect(state.traffic.activeCount == 1)
        let text = DashboardRenderer.render(state, width: 120, height: 40, capabilities: TerminalCapabilities(unicode: true, colour: true)).text
        #expect(text.contains("queued"))
        #expect(text.contains("waiting for a free upstream connection"))

        state.apply(.event(ProxyEvent(sequence: 3, time: start + 1, kind: .upstreamAttempt(requestID: "cp_q", attempt: 1, upstream: "anthropic"))))
        #expect(state.traffic.request(id: "cp_q")?.phase == .waiting)
    }

    @Test(arguments: [
        ProxyEvent.Kind.firstToken(requestID: "cp_q", milliseconds: 5),
        .delta(requestID: "cp_q", delta: .text("hi")),
        .failed(RequestFailure(requestID: "cp_q", status: 503, errorType: "queue_timeout", message: "no slot", upstreamRequestID: nil, durationMs: 5000)),
    ])
    func queuedEndsWithTheRequestsNextEvent(_ next: ProxyEvent.Kind) {
        var traffic = TrafficState()
        traffic.apply(ProxyEvent(sequence: 1, time: start, kind: .requestAccepted(DashboardFixtures.info("cp_q"))), context: context)
        traffic.apply(ProxyEvent(sequence: 2, time: start, kind: .queued(requestID: "cp_q")), context: context)
        traffic.apply(ProxyEvent(sequence: 3, time: start + 1, kind: next), context: context)
        #expect(traffic.request(id: "cp_q")?.phase != .queued)
    }
}
