import Foundation
import ProxyCore
import Testing

/// Every error leaves through one path, in the shape of the dialect the client spoke.
@Suite(.serialized) struct ErrorShapeEndToEndTests {
    @Test func anUpstreamRefusalIsAnthropicShapedOnMessagesAndOpenAIShapedOnChat() async throws {
        let harness = try await ProxyHarness.start()
        let messages = try await harness.post(
            "/v1/messages",
            #"{"model":"sonnet","max_tokens":20,"messages":[{"role":"user","content":"[[scenario:bad-400]] hi"}]}"#)
        let chat = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bad-400]] hi"))
        await harness.stop()

        #expect(messages.status == 400)
        let anthropic = parse(messages.body)
        #expect(anthropic["type"] == "error")
        #expect(anthropic["error"]?["type"] == "invalid_request_error")
        #expect(header("request-id", messages.headers)?.hasPrefix("req_fake_") == true)

        #expect(chat.status == 400)
        let openAI = parse(chat.body)
        #expect(openAI["type"] == nil)
        #expect(openAI["error"]?["type"] == "invalid_request_error")
        #expect(openAI["error"]?["message"]?.stringValue?.isEmpty == false)
        #expect(header("x-request-id", chat.headers)?.hasPrefix("req_fake_") == true)
    }

    @Test func aRefusalBeforeAnyRouteIsShapedByThePath() async throws {
        let harness = try await ProxyHarness.start()
        let messages = try await harness.post("/v1/messages", "not json")
        let chat = try await harness.post("/v1/chat/completions", "not json")
        await harness.stop()
        #expect(messages.status == 400 && chat.status == 400)
        #expect(parse(messages.body)["type"] == "error")
        #expect(parse(chat.body)["type"] == nil && parse(chat.body)["error"] != nil)
    }
}
