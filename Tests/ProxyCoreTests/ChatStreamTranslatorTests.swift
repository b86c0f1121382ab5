@testable import ProxyCore
import Testing

/// Recorded Anthropic event sequences in, exact OpenAI chunk sequences out.
@Suite struct ChatStreamTranslatorTests {
    /// Runs a recorded SSE stream (split into small pieces, as the network would) through the
    /// server's own `StreamPipeline`; returns the `data:` payloads written to the client.
    func run(_ sse: String, responseFormatTool: String? = nil, split: Int = 7) -> (payloads: [String], observations: [StreamObservation]) {
        var pipeline = StreamPipeline(
            translator: ChatStreamTranslator(model: "claude-test", created: 1_700_000_000, responseFormatTool: responseFormatTool))
        var output: [UInt8] = []
        var observations: [StreamObservation] = []
        let bytes = Array(sse.utf8)
        var index = 0
        while index < bytes.count, !pipeline.isFinished {
            let read = pipeline.feed(bytes[index..<min(index + split, bytes.count)])
            index += split
            output += read.bytes
            observations += read.observations
        }
        let end = pipeline.finish()
        output += end.bytes
        observations += end.observations
        let payloads = String(decoding: output, as: UTF8.self).split(separator: "\n\n").map {
            String($0.dropFirst("data: ".count))
        }
        return (payloads, observations)
    }

    func event(_ type: String, _ data: String) -> String { "event: \(type)\ndata: \(data)\n\n" }

    var start: String {
        event("message_start", #"{"type":"message_start","message":{"id":"msg_01X","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#)
            + event("ping", #"{"type":"ping"}"#)
    }

    func stop(_ reason: String, output: Int = 15) -> String {
        event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"\#(reason)","stop_sequence":null},"usage":{"output_tokens":\#(output)}}"#)
            + event("message_stop", #"{"type":"message_stop"}"#)
    }

    let prefix = #"{"id":"chatcmpl-01X","object":"chat.completion.chunk","created":1700000000,"model":"claude-test","choices":[{"index":0,"delta":"#

    func chunk(_ delta: String, finish: String? = nil) -> String {
        prefix + delta + #","logprobs":null,"finish_reason":"# + (finish.map { "\"\($0)\"" } ?? "null") + "}]}"
    }

    func usage(prompt: Int = 25, completion: Int = 15, cached: Int = 0, written: Int = 0, reasoning: Int? = nil) -> String {
        let details = reasoning.map { #","completion_tokens_details":{"reasoning_tokens":\#($0)}"# } ?? ""
        return #"{"id":"chatcmpl-01X","object":"chat.completion.chunk","created":1700000000,"model":"claude-test","choices":[],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion),"prompt_tokens_details":{"cached_tokens":\#(cached),"cache_write_tokens":\#(written)}\#(details)}}"#
    }

    @Test func textStreamProducesRoleTextFinishUsageAndDone() {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" wörld"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + stop("end_turn")
        #expect(
            run(sse).payloads == [
                chunk(#"{"role":"assistant","content":""}"#),
                chunk(#"{"content":"Hello"}"#),
                chunk(#"{"content":" wörld"}"#),
                chunk("{}", finish: "stop"),
                usage(),
                "[DONE]",
            ])
    }

    @Test func thinkingStreamsAsReasoningContentThenTheSignedBlock() {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me"}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" think."}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + event("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"42"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":1}"#)
            + stop("end_turn")
        #expect(
            run(sse).payloads == [
                chunk(#"{"role":"assistant","content":""}"#),
                chunk(#"{"reasoning_content":"Let me"}"#),
                chunk(#"{"reasoning_content":" think."}"#),
                chunk(#"{"thinking_blocks":[{"type":"thinking","thinking":"Let me think.","signature":"EqQBCgIYAhIM"}]}"#),
                chunk(#"{"content":"42"}"#),
                chunk("{}", finish: "stop"),
                usage(),
                "[DONE]",
            ])
    }

    @Test func twoToolCallsStreamOneAfterAnotherWithContiguousIndices() {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + event("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_weather","input":{}}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":1}"#)
            + event("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_B","name":"get_time","input":{}}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":2}"#)
            + stop("tool_use")
        #expect(
            run(sse).payloads == [
                chunk(#"{"role":"assistant","content":""}"#),
                chunk(#"{"content":"Checking."}"#),
                chunk(#"{"tool_calls":[{"index":0,"id":"toolu_A","type":"function","function":{"name":"get_weather","arguments":""}}]}"#),
                chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": "}}]}"#),
                chunk(#"{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}"#),
                chunk(#"{"tool_calls":[{"index":1,"id":"toolu_B","type":"function","function":{"name":"get_time","arguments":""}}]}"#),
                chunk(#"{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]}"#),
                chunk("{}", finish: "tool_calls"),
                usage(),
                "[DONE]",
            ])
    }

    @Test func cacheUsageIsCountedIntoPromptTokens() {
        let sse =
            event("message_start", #"{"type":"message_start","message":{"id":"msg_01X","usage":{"input_tokens":10,"cache_creation_input_tokens":1000,"cache_read_input_tokens":2000,"output_tokens":1}}}"#)
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7,"output_tokens_details":{"thinking_tokens":3}}}"#)
            + event("message_stop", #"{"type":"message_stop"}"#)
        let payloads = run(sse).payloads
        #expect(payloads[payloads.count - 2] == usage(prompt: 3010, completion: 7, cached: 2000, written: 1000, reasoning: 3))
    }

    @Test(arguments: [
        ("refusal", "content_filter"), ("max_tokens", "length"), ("model_context_window_exceeded", "length"),
        ("stop_sequence", "stop"), ("pause_turn", "stop"), ("something_new", "stop"),
    ])
    func stopReasonsMapToOpenAIFinishReasons(stopReason: String, finish: String) {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + stop(stopReason)
        #expect(run(sse).payloads.contains(chunk("{}", finish: finish)))
    }

    @Test func midStreamErrorIsSentAsAnErrorEventThenDone() {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"#)
            + event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        let (payloads, observations) = run(sse)
        #expect(payloads.count == 4)
        #expect(payloads[1] == chunk(#"{"content":"Hel"}"#))
        let error = json(payloads[2])
        #expect(error["error"]?["type"] == "service_unavailable_error")
        #expect(error["error"]?["message"]?.stringValue?.contains("Overloaded") == true)
        #expect(payloads[3] == "[DONE]")
        #expect(observations.contains { if case .failed = $0 { true } else { false } })
    }

    @Test func truncatedUpstreamStreamEndsWithAnError() {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
        let payloads = run(sse).payloads
        #expect(json(payloads[payloads.count - 2])["error"]?["code"] == "upstream_stream_truncated")
        #expect(payloads.last == "[DONE]")
    }

    @Test func forcedResponseFormatToolStreamsAsContent() {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_J","name":"answer","input":{}}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"n\":"}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"42}"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + stop("tool_use")
        #expect(
            run(sse, responseFormatTool: "answer").payloads == [
                chunk(#"{"role":"assistant","content":""}"#),
                chunk(#"{"content":"{\"n\":"}"#),
                chunk(#"{"content":"42}"}"#),
                chunk("{}", finish: "stop"),
                usage(),
                "[DONE]",
            ])
    }

    @Test func unknownEventsAndBlocksAreIgnored() {
        let sse = start
            + event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"web_search_tool_result","content":[]}}"#)
            + event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}"#)
            + event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
            + event("brand_new_event", #"{"type":"brand_new_event"}"#)
            + stop("end_turn")
        #expect(run(sse).payloads == [chunk(#"{"role":"assistant","content":""}"#), chunk("{}", finish: "stop"), usage(), "[DONE]"])
    }
}

@Suite struct TextDeltaFastPathTests {
    func translate(_ delta: String, observing: Bool = true) -> (chunk: JSONValue, observations: [StreamObservation]) {
        var translator = ChatStreamTranslator(model: "m", created: 1, observing: observing)
        _ = translator.handle(SSEEvent(data: Array(#"{"type":"message_start","message":{"id":"msg_1"}}"#.utf8)))
        _ = translator.handle(SSEEvent(data: Array(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#.utf8)))
        let step = translator.handle(SSEEvent(data: Array(delta.utf8)))
        let text = String(decoding: step.bytes, as: UTF8.self)
        return (json(String(text.dropFirst("data: ".count).dropLast(2))), step.observations)
    }

    @Test(arguments: [
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"He said \"hi\"\n\\ done \u00e9 😀"}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"text":"He said \"hi\"\n\\ done \u00e9 😀","type":"text_delta"}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"He said \"hi\"\n\\ done \u00e9 😀"}} "#,
    ])
    func escapedTextIsTheSameWhicheverPathTakesIt(delta: String) {
        let (chunk, observations) = translate(delta)
        #expect(chunk["choices"]?[0]?["delta"]?["content"] == "He said \"hi\"\n\\ done é 😀")
        #expect(observations == [.text("He said \"hi\"\n\\ done é 😀")])
    }

    @Test func recognisesOnlyTheExactShape() {
        #expect(TextDeltaFastPath.match(Array(#"{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":"a\"b"}}"#.utf8))?.index == 12)
        #expect(TextDeltaFastPath.match(Array(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"},"x":1}"#.utf8)) == nil)
        #expect(TextDeltaFastPath.match(Array(#"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"a"}}"#.utf8)) == nil)
        #expect(TextDeltaFastPath.match(Array(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"unterminated}}"#.utf8)) == nil)
    }

    @Test func unobservedStreamsReportNoTextButStillCountContent() {
        let (_, observations) = translate(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}"#, observing: false)
        #expect(observations.isEmpty)
    }
}
