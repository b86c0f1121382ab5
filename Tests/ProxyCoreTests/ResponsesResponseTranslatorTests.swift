import ProxyCore
import Testing

/// Anthropic Messages → the Response object, and the round trip of its items as the next `input`.
@Suite struct ResponsesResponseTranslatorTests {
    static func translate(_ message: String, echo: ResponsesRequestEcho = .init(), responseFormatTool: String? = nil)
        -> JSONValue
    {
        ResponsesResponseTranslator.translate(
            json(message), responseID: "resp_abc", createdAt: 1_700_000_000, model: "gpt-x", echo: echo,
            responseFormatTool: responseFormatTool)
    }

    static let reasoningAndToolCall = #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[{"type":"thinking","thinking":"Need a lookup.","signature":"sig-XYZ"},{"type":"text","text":"Looking it up."},{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"pi"}}],"stop_reason":"tool_use","usage":{"input_tokens":12,"cache_read_input_tokens":5,"cache_creation_input_tokens":3,"output_tokens":30,"output_tokens_details":{"thinking_tokens":11}}}"#

    @Test func aTextAnswerIsACompletedResponseWithOneMessage() {
        let response = Self.translate(
            #"{"id":"msg_1","content":[{"type":"text","text":"Hello"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}}"#
        )
        #expect(
            response
                == json(
                    #"{"id":"resp_abc","object":"response","created_at":1700000000,"status":"completed","background":false,"error":null,"incomplete_details":null,"model":"gpt-x","output":[{"id":"msg_abc_0","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Hello"}],"role":"assistant"}],"instructions":null,"max_output_tokens":null,"parallel_tool_calls":true,"previous_response_id":null,"prompt_cache_key":null,"reasoning":{"effort":null,"summary":null},"safety_identifier":null,"store":true,"temperature":null,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":null,"truncation":"disabled","user":null,"metadata":{},"usage":{"input_tokens":3,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":2,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":5}}"#
                ))
    }

    @Test func thinkingTextAndToolUseBecomeReasoningMessageAndFunctionCall() throws {
        let response = Self.translate(Self.reasoningAndToolCall)
        let output = try #require(response["output"]?.arrayValue)
        #expect(output.count == 3)
        #expect(output[0]["id"] == "rs_abc_0")
        #expect(output[0]["type"] == "reasoning")
        #expect(output[0]["summary"] == json(#"[{"type":"summary_text","text":"Need a lookup."}]"#))
        let encrypted = try #require(output[0]["encrypted_content"]?.stringValue)
        #expect(
            EncryptedReasoning.decode(encrypted)
                == json(#"{"type":"thinking","thinking":"Need a lookup.","signature":"sig-XYZ"}"#))
        #expect(output[1]["content"]?[0]?["text"] == "Looking it up.")
        #expect(
            output[2]
                == json(
                    #"{"id":"fc_abc_2","type":"function_call","status":"completed","arguments":"{\"q\":\"pi\"}","call_id":"toolu_1","name":"lookup"}"#
                ))
        #expect(response["status"] == "completed")
        #expect(
            response["usage"]
                == json(
                    #"{"input_tokens":20,"input_tokens_details":{"cached_tokens":5,"cache_write_tokens":3},"output_tokens":30,"output_tokens_details":{"reasoning_tokens":11},"total_tokens":50}"#
                ))
    }

    @Test(arguments: [
        ("max_tokens", "incomplete", #"{"reason":"max_output_tokens"}"#),
        ("model_context_window_exceeded", "incomplete", #"{"reason":"max_output_tokens"}"#),
        ("refusal", "incomplete", #"{"reason":"content_filter"}"#),
        ("end_turn", "completed", "null"),
        ("stop_sequence", "completed", "null"),
        ("pause_turn", "completed", "null"),
    ])
    func stopReasonsBecomeStatusAndIncompleteDetails(_ stopReason: String, _ status: String, _ details: String) {
        let response = Self.translate(
            #"{"content":[{"type":"text","text":"x"}],"stop_reason":"\#(stopReason)","usage":{"input_tokens":1,"output_tokens":1}}"#)
        #expect(response["status"] == .string(status))
        #expect(response["incomplete_details"] == json(details))
    }

    @Test func redactedThinkingIsCarriedOpaquelyAndServerToolBlocksAreSkipped() throws {
        let response = Self.translate(
            #"{"content":[{"type":"redacted_thinking","data":"EncRypted"},{"type":"server_tool_use","id":"s","name":"web_search","input":{}},{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{}}"#
        )
        let output = try #require(response["output"]?.arrayValue)
        #expect(output.count == 2)
        #expect(output[0]["summary"] == [])
        let encrypted = try #require(output[0]["encrypted_content"]?.stringValue)
        #expect(EncryptedReasoning.decode(encrypted) == json(#"{"type":"redacted_thinking","data":"EncRypted"}"#))
        #expect(output[1]["id"] == "msg_abc_1")
    }

    @Test func theForcedResponseFormatToolComesBackAsOutputText() {
        let response = Self.translate(
            #"{"content":[{"type":"tool_use","id":"t","name":"answer","input":{"a":1}}],"stop_reason":"tool_use","usage":{}}"#,
            responseFormatTool: "answer")
        #expect(response["output"]?[0]?["type"] == "message")
        #expect(response["output"]?[0]?["content"]?[0]?["text"] == #"{"a":1}"#)
        #expect(response["status"] == "completed")
    }

    @Test func theRequestIsEchoed() throws {
        let request = try #require(
            responsesTranslate(
                #"{"input":"hi","instructions":"Be brief.","tools":[{"type":"function","name":"f"}],"tool_choice":"required","temperature":0.2,"max_output_tokens":100,"metadata":{"app":"x"},"store":false,"previous_response_id":"resp_0"}"#
            ))
        let response = Self.translate(
            #"{"content":[{"type":"text","text":"x"}],"stop_reason":"end_turn","usage":{}}"#, echo: try #require(request.responses))
        #expect(response["instructions"] == "Be brief.")
        #expect(response["tools"] == json(#"[{"type":"function","name":"f"}]"#))
        #expect(response["tool_choice"] == "required")
        #expect(response["temperature"] == 0.2)
        #expect(response["max_output_tokens"] == 100)
        #expect(response["metadata"] == json(#"{"app":"x"}"#))
        #expect(response["store"] == false)
        #expect(response["previous_response_id"] == "resp_0")
    }

    @Test func encryptedContentThatIsNotOursDecodesToNothing() {
        #expect(EncryptedReasoning.decode("gAAAAABo-openai-opaque") == nil)
        #expect(EncryptedReasoning.decode("") == nil)
        #expect(EncryptedReasoning.decode("eyJ2IjoyfQ==") == nil)  // {"v":2}: a future version
    }

    /// The Agents SDK loop: the reasoning and function_call items of one response go back as
    /// `input` with the tool's output, and Claude gets its signed thinking back before the tool use.
    @Test func reasoningAndFunctionCallItemsReplayAsSignedThinkingToolUseAndToolResult() throws {
        let response = Self.translate(Self.reasoningAndToolCall)
        var input: [JSONValue] = [json(#"{"role":"user","content":"What is pi?"}"#)]
        input += try #require(response["output"]?.arrayValue)
        input.append(json(#"{"type":"function_call_output","call_id":"toolu_1","output":"3.14159"}"#))
        let body: JSONValue = ["model": "m", "input": .array(input), "reasoning": ["effort": "high"]]
        let request = try ResponsesRequestTranslator.translate(body, context: context())
        #expect(
            request.body["messages"]
                == json(
                    #"[{"role":"user","content":[{"type":"text","text":"What is pi?"}]},{"role":"assistant","content":[{"type":"thinking","thinking":"Need a lookup.","signature":"sig-XYZ"},{"type":"text","text":"Looking it up."},{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"pi"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"3.14159"}]}]"#
                ))
        #expect(request.body["thinking"]?["type"] == "enabled")
    }

    /// A client that drops reasoning items (no `include`, or a framework that strips them) would
    /// get "Expected thinking … but found tool_use" from Claude: the turn goes without thinking.
    @Test func aToolLoopWithoutItsReasoningItemTurnsThinkingOffForTheTurn() throws {
        let body = json(
            #"{"input":[{"role":"user","content":"What is pi?"},{"type":"function_call","call_id":"toolu_1","name":"lookup","arguments":"{}"},{"type":"function_call_output","call_id":"toolu_1","output":"3.14"}],"reasoning":{"effort":"high"}}"#
        )
        let request = try ResponsesRequestTranslator.translate(body, context: context())
        #expect(request.body["thinking"] == nil)
        #expect(request.notes.contains { $0.contains("thinking off for this turn") })
        let fresh = try ResponsesRequestTranslator.translate(
            json(#"{"input":"What is pi?","reasoning":{"effort":"high"}}"#), context: context())
        #expect(fresh.body["thinking"]?["type"] == "enabled")
    }

    @Test func aStreamedResponseReplaysTheSameWay() throws {
        var pipeline = StreamPipeline(
            translator: ResponsesStreamTranslator(
                responseID: "resp_abc", createdAt: 1, model: "gpt-x",
                echo: ResponsesStreamTranslatorTests.includingEncryptedReasoning))
        let bytes = pipeline.feed(Array(ResponsesStreamTranslatorTests.thinkingAndToolCall.utf8)).bytes
        let completed = try #require(ResponsesStreamTranslatorTests.events(bytes).last?["response"])
        var input: [JSONValue] = [json(#"{"role":"user","content":"What is pi?"}"#)]
        input += try #require(completed["output"]?.arrayValue)
        input.append(json(#"{"type":"function_call_output","call_id":"toolu_1","output":"3.14159"}"#))
        let request = try ResponsesRequestTranslator.translate(["input": .array(input)], context: context())
        #expect(
            request.body["messages"]?[1]
                == json(
                    #"{"role":"assistant","content":[{"type":"thinking","thinking":"Need a lookup.","signature":"sig-XYZ"},{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"pi"}}]}"#
                ))
    }
}
