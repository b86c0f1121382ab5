import Foundation
import Testing

@testable import FakeUpstream

@Suite("FakeAnthropic scenarios", .serialized)
struct FakeScenarioTests {
    private func deltaTypes(_ events: [(name: String, data: [String: Any])]) -> [String] {
        events.compactMap { ($0.data["delta"] as? [String: Any])?["type"] as? String }
    }

    @Test func thinkingScenarioStreamsThinkingThenText() async throws {
        try await withFakeAnthropic { port, _ in
            let events = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("q [[scenario:thinking]]", stream: true)
            ).events()
            let types = deltaTypes(events)
            #expect(Array(types.prefix(3)) == ["thinking_delta", "thinking_delta", "signature_delta"])
            #expect(types.dropFirst(3).allSatisfy { $0 == "text_delta" })
            let start = events.first { $0.name == "content_block_start" }?.data["content_block"] as? [String: Any]
            #expect(start?["type"] as? String == "thinking")
        }
    }

    @Test func requestedThinkingWithOmittedDisplaySendsOnlySignature() async throws {
        try await withFakeAnthropic { port, _ in
            let extra = ",\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"}"
            let events = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("q", model: "claude-opus-4-7", stream: true, extra: extra)
            ).events()
            let types = deltaTypes(events)
            #expect(types.first == "signature_delta")
            #expect(!types.contains("thinking_delta"))
            let enabled = try await RawHTTPClient.send(
                port: port, path: "/v1/messages",
                body: messagesBody("q", model: "claude-opus-4-7", extra: ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}")
            )
            #expect(enabled.status == 400)
        }
    }

    @Test func midstreamErrorEndsWithErrorEvent() async throws {
        try await withFakeAnthropic { port, fake in
            let body = messagesBody("x [[scenario:midstream-error]]", stream: true)
            let response = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body)
            #expect(response.status == 200)
            let events = try response.events()
            #expect(events.map(\.name) == [
                "message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "error",
            ])
            #expect((events.last?.data["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
            let plain = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("x [[scenario:midstream-error]]")
            )
            #expect(plain.status == 529)
            #expect(await fake.stats.streamsCompleted == 1)
        }
    }

    @Test func toolResultIsEchoedAndUnknownIDsRejected() async throws {
        try await withFakeAnthropic { port, _ in
            func body(_ id: String) -> String {
                """
                {"model":"claude-sonnet-4-6","max_tokens":100,"tools":[{"name":"w","input_schema":{"type":"object"}}],\
                "messages":[{"role":"user","content":"weather?"},\
                {"role":"assistant","content":[{"type":"tool_use","id":"toolu_fake_1","name":"w","input":{}}]},\
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"\(id)","content":"sunny, 21 degrees"}]}]}
                """
            }
            let ok = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body("toolu_fake_1")).json()
            let content = ok["content"] as? [[String: Any]]
            #expect(content?.first?["text"] as? String == "The tool said: sunny, 21 degrees")
            let bad = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body("toolu_other"))
            #expect(bad.status == 400)
            #expect(bad.text.contains("tool_use_id"))
        }
    }

    @Test func toolHistoryNeedsDeclaredToolsAndThinkingBeforeTheLatestToolCalls() async throws {
        try await withFakeAnthropic { port, _ in
            func body(tools: String, thinking: String, assistant: String) -> String {
                """
                {"model":"claude-sonnet-4-5","max_tokens":4000\(tools)\(thinking),"messages":[\
                {"role":"user","content":"weather?"},\
                {"role":"assistant","content":[\(assistant){"type":"tool_use","id":"toolu_1","name":"w","input":{}}]},\
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"sunny"}]}]}
                """
            }
            let tools = #","tools":[{"name":"w","input_schema":{"type":"object"}}]"#
            let thinking = #","thinking":{"type":"enabled","budget_tokens":1024}"#
            let signed = #"{"type":"thinking","thinking":"look it up","signature":"sig"},"#
            let undeclared = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: body(tools: "", thinking: "", assistant: ""))
            let unsigned = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: body(tools: tools, thinking: thinking, assistant: ""))
            let replayed = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: body(tools: tools, thinking: thinking, assistant: signed))
            #expect(undeclared.status == 400)
            #expect(undeclared.text.contains("must define tools"))
            #expect(unsigned.status == 400)
            #expect(unsigned.text.contains("Expected `thinking` or `redacted_thinking`, but found `tool_use`"))
            #expect(replayed.status == 200)
        }
    }

    @Test func forcedToolChoiceCallsTheTool() async throws {
        try await withFakeAnthropic { port, _ in
            let extra = """
                ,"tools":[{"name":"a","input_schema":{"type":"object"}},{"name":"b","input_schema":{"type":"object"}}],\
                "tool_choice":{"type":"tool","name":"b"}
                """
            let json = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: messagesBody("hi", extra: extra)).json()
            let block = (json["content"] as? [[String: Any]])?.first
            #expect(block?["name"] as? String == "b")
            #expect(block?["input"] as? [String: String] == ["city": "Paris"])
            #expect(json["stop_reason"] as? String == "tool_use")
        }
    }

    @Test func prefillRejectedOnAdaptiveOnlyModel() async throws {
        try await withFakeAnthropic { port, _ in
            let body = """
                {"model":"claude-opus-4-7","max_tokens":100,"messages":[\
                {"role":"user","content":"a"},{"role":"assistant","content":"{"}]}
                """
            let response = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body)
            #expect(response.status == 400)
            #expect(response.text.contains("does not support assistant message prefill"))
            let allowed = body.replacingOccurrences(of: "claude-opus-4-7", with: "claude-sonnet-4-5-20250929")
            #expect(try await RawHTTPClient.send(port: port, path: "/v1/messages", body: allowed).status == 200)
        }
    }

    @Test func longAndCacheScenarios() async throws {
        try await withFakeAnthropic { port, _ in
            let events = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("[[scenario:long:500]]", stream: true)
            ).events()
            #expect(events.filter { $0.name == "content_block_delta" }.count == 500)
            let cache = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("[[scenario:cache]]")
            ).json()
            let usage = cache["usage"] as? [String: Any]
            #expect(usage?["cache_creation_input_tokens"] as? Int == 1000)
            #expect(usage?["cache_read_input_tokens"] as? Int == 2000)
            #expect((usage?["output_tokens_details"] as? [String: Any])?["thinking_tokens"] as? Int == 0)
        }
    }

    @Test func eventDelayPacesTheStream() async throws {
        var options = FakeAnthropicOptions()
        options.eventDelay = .milliseconds(20)
        try await withFakeAnthropic(options) { port, _ in
            let clock = ContinuousClock()
            let start = clock.now
            let events = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("one two three", stream: true)
            ).events()
            #expect(clock.now - start >= .milliseconds(20 * (events.count - 1)))
        }
    }

    @Test func demoModeAnswersWithVariedTextAndToolCalls() async throws {
        var options = FakeAnthropicOptions()
        options.demo = true
        options.eventDelay = .milliseconds(1)
        try await withFakeAnthropic(options) { port, _ in
            let json = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("How do I learn Swift concurrency?")
            ).json()
            let text = (json["content"] as? [[String: Any]])?.first?["text"] as? String ?? ""
            #expect(text.count > 200)
            #expect(text.contains("swift concurrency") || text.contains("Swift concurrency"))
            let extra = """
                ,"tools":[{"name":"search_docs","input_schema":{"type":"object",\
                "properties":{"query":{"type":"string"}},"required":["query"]}}]
                """
            let tool = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("Find actors docs", stream: true, extra: extra)
            ).events()
            let start = tool.compactMap { $0.data["content_block"] as? [String: Any] }.first { $0["type"] as? String == "tool_use" }
            #expect(start?["name"] as? String == "search_docs")
        }
    }

    @Test func scenarioMarkerParsing() {
        let scenario = Scenario.find(in: "hello [[scenario:fail-500-once:k1]] there")
        #expect(scenario?.name == "fail-500-once")
        #expect(scenario?.argument == "k1")
        #expect(scenario?.marker == "[[scenario:fail-500-once:k1]]")
        #expect(scenario?.failsOnce == true)
        #expect(Scenario.find(in: "no marker") == nil)
        #expect(TextChunker.chunks("a b c d e f g").joined() == "a b c d e f g")
        #expect(TextChunker.thirds(ReplyPlanner.parisInput).joined() == ReplyPlanner.parisInput)
    }
}
