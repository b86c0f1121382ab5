import ProxyCore
import Testing

@Suite struct ChatResponseTranslatorTests {
    @Test func textThinkingAndUsageBecomeAChatCompletion() {
        let message = json(
            #"{"id":"msg_01A","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"s1"},{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"cache_read_input_tokens":10,"cache_creation_input_tokens":20,"output_tokens":3}}"#
        )
        let completion = ChatResponseTranslator.translate(message, model: "claude-x", created: 1)
        #expect(
            completion
                == json(
                    #"{"id":"chatcmpl-01A","object":"chat.completion","created":1,"model":"claude-x","choices":[{"index":0,"message":{"role":"assistant","content":"Hi","reasoning_content":"hmm","thinking_blocks":[{"type":"thinking","thinking":"hmm","signature":"s1"}],"refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":35,"completion_tokens":3,"total_tokens":38,"prompt_tokens_details":{"cached_tokens":10,"cache_write_tokens":20}},"system_fingerprint":null}"#
                ))
    }

    @Test func toolOnlyAnswerHasNullContentAndToolCalls() {
        let message = json(
            #"{"id":"msg_01B","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}"#
        )
        let choice = ChatResponseTranslator.translate(message, model: "m", created: 1)["choices"]?[0]
        #expect(choice?["message"]?["content"] == .null)
        #expect(
            choice?["message"]?["tool_calls"]
                == json(#"[{"id":"toolu_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]"#))
        #expect(choice?["finish_reason"] == "tool_calls")
    }

    @Test func forcedResponseFormatToolBecomesTheContent() {
        let message = json(
            #"{"id":"msg_01C","content":[{"type":"tool_use","id":"toolu_1","name":"answer","input":{"n":42}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}"#
        )
        let choice = ChatResponseTranslator.translate(message, model: "m", created: 1, responseFormatTool: "answer")["choices"]?[0]
        #expect(choice?["message"]?["content"] == #"{"n":42}"#)
        #expect(choice?["message"]?["tool_calls"] == nil)
        #expect(choice?["finish_reason"] == "stop")
    }

    @Test(arguments: [
        ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"),
        ("model_context_window_exceeded", "length"), ("refusal", "content_filter"), ("pause_turn", "stop"),
    ])
    func finishReasonMapping(stop: String, finish: String) {
        let message = json(#"{"id":"msg_1","content":[{"type":"text","text":"x"}],"stop_reason":"\#(stop)","usage":{}}"#)
        #expect(ChatResponseTranslator.translate(message, model: "m", created: 1)["choices"]?[0]?["finish_reason"] == .string(finish))
    }
}

@Suite struct SSEDecoderTests {
    @Test func reassemblesEventsSplitAcrossReads() {
        var decoder = SSEDecoder()
        #expect(decoder.feed(Array("event: a\nda".utf8)).isEmpty)
        #expect(decoder.feed(Array("ta: {\"x\":1}\n".utf8)).isEmpty)
        #expect(decoder.feed(Array("\n".utf8)) == [SSEEvent(event: "a", data: Array("{\"x\":1}".utf8))])
    }

    @Test func handlesCRLFCommentsAndMultiLineData() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Array(": keepalive\r\ndata: one\r\ndata: two\r\n\r\ndata:three\n\n".utf8))
        #expect(events.map(\.dataString) == ["one\ntwo", "three"])
    }

    @Test func carriageReturnSplitFromItsLineFeedIsOneLineEnd() {
        var decoder = SSEDecoder()
        #expect(decoder.feed(Array("data: x\r".utf8)).isEmpty)
        #expect(decoder.feed(Array("\n\r\n".utf8)).map(\.dataString) == ["x"])
    }
}
