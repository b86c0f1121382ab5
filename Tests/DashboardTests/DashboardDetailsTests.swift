import Dashboard
import ProxyCore
import Testing

/// The small things an operator notices: the inspector's response, the footer at 80×24, refused
/// requests as rows, a rejected API key, a paused clock, an empty filter, demo markers.
@Suite struct DashboardDetailsTests {
    let context = DashboardFixtures.context
    let start = DashboardFixtures.start
    let unicode = TerminalCapabilities(unicode: true, colour: true)

    func render(_ state: DashboardState, _ width: Int = 120, _ height: Int = 40) -> String {
        DashboardRenderer.render(state, width: width, height: height, capabilities: unicode).text
    }

    func inspecting(_ id: String, in state: DashboardState) -> DashboardState {
        var state = state
        state.view.selectedRequestID = id
        return KeyHandler.handle(.enter, in: state).0
    }

    func withInspection(_ state: DashboardState, for id: String, clientRequest: String = "{}") -> DashboardState {
        var state = state
        var inspection = DashboardFixtures.inspection
        inspection.requestID = id
        inspection.response = nil
        inspection.clientRequest = clientRequest
        state.apply(.event(ProxyEvent(sequence: 200, time: start - 0.2, kind: .inspection(inspection))))
        return state
    }

    @Test func inspectorShowsTheAnswerToolCallsUsageAndStopReasonOfAFinishedRequest() {
        let state = inspecting("cp_tools00002", in: withInspection(DashboardFixtures.busyState(), for: "cp_tools00002"))
        let text = render(state, 120, 200)
        let response = text.components(separatedBy: "Response").dropFirst().joined()
        #expect(!text.contains("(not complete yet)"))
        #expect(response.contains("Let me check the weather."))
        #expect(response.contains("tool call get_weather({\"city\":\"Lisbon\"})"))
        #expect(response.contains("stop_reason tool_use · finish_reason tool_calls · usage 880 in / 64 out"))
    }

    @Test func inspectorShowsTheErrorOfAFailedRequest() {
        let state = inspecting("cp_error00004", in: withInspection(DashboardFixtures.busyState(), for: "cp_error00004"))
        let text = render(state, 120, 200)
        #expect(!text.contains("(not complete yet)"))
        #expect(text.contains("error 400 invalid_request_error: fake bad request"))
    }

    @Test func inspectorSaysNotCompleteOnlyWhileTheRequestRuns() {
        let state = inspecting("cp_think00005", in: withInspection(DashboardFixtures.busyState(), for: "cp_think00005"))
        let text = render(state, 120, 200)
        #expect(text.contains("Day two: Belém by train"))
        #expect(text.contains("(not complete yet)"))
    }

    @Test(arguments: [DashboardScreen.overview, .overviewWithToast, .overviewFiltered, .inspector])
    func footerKeepsHelpAndQuitVisibleAt80x24(_ screen: DashboardScreen) {
        var state = DashboardFixtures.busyState()
        switch screen {
        case .overview: break
        case .overviewWithToast: state.view.toast = Toast(text: String(repeating: "a long command result ", count: 6), ok: true, until: start + 5)
        case .overviewFiltered: state.view.filter = "a filter that takes quite some room on the line"
        case .inspector: state = KeyHandler.handle(.enter, in: state).0
        }
        let footer = render(state, 80, 24).split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        #expect(footer.hasSuffix("? help q quit"), "\(footer)")
    }

    @Test func requestsRefusedBeforeTheUpstreamCountAndShowAsRows() {
        var state = DashboardState(context: context, now: start)
        let refused = RequestInfo(
            requestID: "cp_refused", client: "203.0.113.9", route: "chat", requestedModel: "", upstreamModel: "", upstream: "",
            stream: false)
        state.apply(.event(ProxyEvent(sequence: 1, time: start, kind: .requestAccepted(refused))))
        state.apply(.event(ProxyEvent(sequence: 2, time: start, kind: .failed(RequestFailure(
            requestID: "cp_refused", status: 401, errorType: "missing_api_key", message: "Missing API key", upstreamRequestID: nil,
            durationMs: 0)))))
        state.apply(.tick(start + 1))
        #expect(state.traffic.totals.requests == 1)
        #expect(state.traffic.totals.errors == 1)
        #expect(state.traffic.upstreams.isEmpty, "a refusal says nothing about an upstream's health")
        let text = render(state)
        #expect(text.contains("401 missing"))
        #expect(text.contains("cp_refused failed 401"))
    }

    @Test func anAPIKeyRejectedByTheUpstreamSaysSoInsteadOfExpired() {
        var state = DashboardState(context: context, now: start)
        let rejected = CredentialStatus(
            upstream: "main", kind: "api_key", redactedID: "sk-ant-…3f9a", state: .rejected,
            message: "rejected by the upstream; refreshed on the next request")
        state.apply(.event(ProxyEvent(sequence: 1, time: start, kind: .credential(rejected))))
        state.view.focus = .credentials
        let text = render(state)
        #expect(text.contains("rejected by upstream"))
        #expect(!text.contains("no expiry"))
        #expect(!text.contains("expired"))
        #expect(state.traffic.events.last?.level == .error)
    }

    @Test func pausedDisplayStopsTheElapsedClockOfRowsFinishedSincePausing() {
        var state = DashboardState(context: context, now: start)
        state.apply(.event(ProxyEvent(sequence: 1, time: start, kind: .requestAccepted(DashboardFixtures.info("cp_p")))))
        state.apply(.tick(start + 2))
        state = KeyHandler.handle(.character("p"), in: state).0
        state.apply(.event(ProxyEvent(sequence: 2, time: start + 3, kind: .finished(RequestOutcome(
            requestID: "cp_p", status: 200, stopReason: "end_turn", finishReason: "stop", usage: DashboardFixtures.usage(1, 1),
            durationMs: 3000, upstreamRequestID: nil)))))
        state.apply(.tick(start + 60))
        let text = render(state)
        #expect(text.contains("2.0s"), "elapsed stands at the moment of pausing")
        #expect(!text.contains("1m00s"))
        state = KeyHandler.handle(.character("p"), in: state).0
        #expect(render(state).contains("3.0s"))
    }

    @Test func eventsFilterWithNoMatchSaysSo() {
        var state = DashboardFixtures.busyState()
        state.view.filter = "xyz"
        #expect(render(state).contains("no events match 'xyz'"))
        #expect(render(state, 80, 24).contains("no events match 'xyz'"))
    }

    @Test func demoInspectorHidesScenarioMarkers() {
        let body = #"{"messages":[{"role":"user","content":"[[scenario:tools]] What's the weather in Lisbon?"}]}"#
        var state = withInspection(DashboardFixtures.busyState(), for: "cp_tools00002", clientRequest: body)
        state = inspecting("cp_tools00002", in: state)
        let text = render(state, 200, 120)
        #expect(text.contains("What's the weather in Lisbon?"))
        #expect(!text.contains("[[scenario"))
    }
}

enum DashboardScreen: Sendable, CaseIterable {
    case overview, overviewWithToast, overviewFiltered, inspector
}
