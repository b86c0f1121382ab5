import Dashboard
import ProxyCore
import Testing

@Suite struct InspectorRedactionTests {
    @Test(arguments: [
        "Authorization: Bearer sk-ant-oat01-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA9f3a",
        #"{"x-api-key":"sk-ant-api03-BBBBBBBBBBBBBBBBBBBBBBBBBB-4c2d"}"#,
        #"{"refresh_token": "rt-CCCCCCCCCCCCCCCCCCCCCCCC77aa"}"#,
        "aws key AKIAABCDEFGHIJKLMNOP in a note",
        "google token ya29.DDDDDDDDDDDDDDDDDDDDDDDDDD here",
        "Bearer abcdefghijklmnopqrstuvwxyz",
    ])
    func secretsAreShortened(text: String) {
        let scrubbed = InspectorRedaction.scrub(text)
        #expect(scrubbed != text)
        #expect(scrubbed.contains("…"))
        for secret in ["AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCC", "ABCDEFGHIJKLMNOP", "DDDDDDDDDDDDDDDD", "abcdefghijklmnop"] {
            #expect(!scrubbed.contains(secret))
        }
    }

    @Test func alreadyRedactedAndPlaceholderValuesStay() {
        let text = #"{"authorization":"Bearer $CLAUDE_PROXY_KEY","x-api-key":"sk-ant-…3f9a"}"#
        #expect(InspectorRedaction.scrub(text) == text)
    }

    @Test func ordinaryTextIsUntouched() {
        let text = #"{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Ask for a task-based plan"}]}"#
        #expect(InspectorRedaction.scrub(text) == text)
    }

    @Test func secretHeadersAreRedactedWhateverTheirShape() {
        var inspection = DashboardFixtures.inspection
        inspection.clientHeaders = ["x-api-key": "plainsecretvalue1234", "cookie": "session=abcdefghijkl"]
        let scrubbed = InspectorRedaction.scrub(inspection)
        #expect(scrubbed.clientHeaders["x-api-key"] == Redactor.redact("plainsecretvalue1234"))
        #expect(scrubbed.clientHeaders["cookie"]?.contains("abcdefghijkl") == false)
    }

    @Test func inspectorScreenNeverShowsAKeyFromTheRequest() {
        var state = DashboardFixtures.busyState()
        var inspection = DashboardFixtures.inspection
        inspection.requestID = "cp_think00005"
        inspection.upstreamRequest = #"{"api_key":"sk-ant-api03-LEAKLEAKLEAKLEAKLEAKLEAK-zz99"}"#
        state.apply(.event(ProxyEvent(sequence: 999, time: DashboardFixtures.start, kind: .inspection(inspection))))
        state = KeyHandler.handle(.enter, in: state).0
        let text = DashboardRenderer.render(state, width: 200, height: 60, capabilities: .init(unicode: true, colour: true)).text
        #expect(!text.contains("LEAKLEAK"))
    }
}
