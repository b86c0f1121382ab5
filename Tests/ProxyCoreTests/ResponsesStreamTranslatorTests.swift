import ProxyCore
import Testing

/// Recorded Anthropic streams through `StreamPipeline` with the Responses translator: the exact
/// event sequence, contiguous sequence numbers, and the same bytes however the network splits them.
@Suite struct ResponsesStreamTranslatorTests {
    static func sse(_ events: [String]) -> String {
        events.map { data in
            let type = (try? JSONParser.parse(data))?["type"]?.stringValue ?? "message"
            return "event: \(type)\ndata: \(data)\n\n"
        }.joined()
    }

    static let start = #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"usage":{"input_tokens":12,"cache_read_input_tokens":5,"cache_creation_input_tokens":3,"output_tokens":1}}}"#
    static let stop = #"{"type":"message_stop"}"#

    static let text = sse([
        start, #"{"type":"ping"}"#,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé \"there\""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" 🌍\n"}}"#,
        #"{"type":"content_block_stop","index":0}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}}"#,
        stop,
    ])

    static let thinkingAndToolCall = sse([
        start,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Need "}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"a lookup."}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig-XYZ"}}"#,
        #"{"type":"content_block_stop","index":0}"#,
        #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"content_block_stop","index":1}"#,
        #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"lookup","input":{}}}"#,
        #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"q\":"}}"#,
        #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"\"pi\"}"}}"#,
        #"{"type":"content_block_stop","index":2}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":30,"output_tokens_details":{"thinking_tokens":11}}}"#,
        stop,
    ])

    static let maxTokens = sse([
        start,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Once upon"}}"#,
        #"{"type":"content_block_stop","index":0}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":2}}"#,
        stop,
    ])

    static let midStreamError = sse([
        start,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Par"}}"#,
        #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
    ])

    static let truncated = sse([
        start,
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Par"}}"#,
    ])

    struct Run {
        var bytes: [UInt8] = []
        var observations: [StreamObservation] = []
        var firstTokens = 0
    }

    static func run(_ recorded: String, split: Int, echo: ResponsesRequestEcho = .init()) -> Run {
        var pipeline = StreamPipeline(
            translator: ResponsesStreamTranslator(responseID: "resp_abc", createdAt: 1_700_000_000, model: "gpt-x", echo: echo))
        let input = Array(recorded.utf8)
        var run = Run()
        var index = 0
        while index < input.count, !pipeline.isFinished {
            let output = pipeline.feed(input[index..<min(index + split, input.count)])
            index += split
            run.bytes += output.bytes
            run.observations += output.observations
            if output.isFirstToken { run.firstTokens += 1 }
        }
        run.bytes += pipeline.finish().bytes
        #expect(pipeline.finish().bytes.isEmpty)
        return run
    }

    /// The client's events, checked for the framing every Responses client relies on: an
    /// `event:` line naming the data's `type`, and sequence numbers 0, 1, 2, … in order.
    static func events(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [JSONValue] {
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\n\n"), sourceLocation: sourceLocation)
        #expect(!text.contains("[DONE]"), sourceLocation: sourceLocation)
        var events: [JSONValue] = []
        for frame in text.split(separator: "\n\n", omittingEmptySubsequences: true) {
            let lines = frame.split(separator: "\n")
            guard lines.count == 2, lines[0].hasPrefix("event: "), lines[1].hasPrefix("data: ") else {
                Issue.record("bad frame: \(frame)", sourceLocation: sourceLocation)
                continue
            }
            let data = json(String(lines[1].dropFirst(6)))
            #expect(data["type"]?.stringValue == String(lines[0].dropFirst(7)), sourceLocation: sourceLocation)
            #expect(data["sequence_number"]?.intValue == events.count, sourceLocation: sourceLocation)
            events.append(data)
        }
        return events
    }

    static func types(_ events: [JSONValue]) -> [String] { events.compactMap { $0["type"]?.stringValue } }

    static let recordings = [
        "text": text, "thinkingAndToolCall": thinkingAndToolCall, "maxTokens": maxTokens,
        "midStreamError": midStreamError, "truncated": truncated,
    ]

    @Test(arguments: ["text", "thinkingAndToolCall", "maxTokens", "midStreamError", "truncated"])
    func clientBytesAreTheSameAtEverySplit(_ name: String) throws {
        let recorded = try #require(Self.recordings[name])
        let whole = Self.run(recorded, split: Int.max / 2)
        #expect(!whole.bytes.isEmpty)
        _ = Self.events(whole.bytes)
        for split in 1...40 {
            let pieces = Self.run(recorded, split: split)
            #expect(pieces.bytes == whole.bytes, "\(name): split every \(split) bytes")
            #expect(pieces.observations == whole.observations, "\(name): split every \(split) bytes")
            #expect(pieces.firstTokens == 1, "\(name): split every \(split) bytes")
        }
    }

    @Test func aTextAnswerStreamsAsOneMessageItem() throws {
        let events = Self.events(Self.run(Self.text, split: 7).bytes)
        #expect(
            Self.types(events) == [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed",
            ])
        #expect(
            events[0]
                == json(
                    #"{"type":"response.created","sequence_number":0,"response":{"id":"resp_abc","object":"response","created_at":1700000000,"status":"in_progress","background":false,"error":null,"incomplete_details":null,"model":"gpt-x","output":[],"instructions":null,"max_output_tokens":null,"parallel_tool_calls":true,"previous_response_id":null,"prompt_cache_key":null,"reasoning":{"effort":null,"summary":null},"safety_identifier":null,"store":true,"temperature":null,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":null,"truncation":"disabled","user":null,"metadata":{},"usage":null}}"#
                ))
        #expect(
            events[2]
                == json(
                    #"{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_abc_0","type":"message","status":"in_progress","content":[],"role":"assistant"}}"#
                ))
        #expect(
            events[3]
                == json(
                    #"{"type":"response.content_part.added","sequence_number":3,"item_id":"msg_abc_0","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}"#
                ))
        #expect(
            events[4]
                == json(
                    #"{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_abc_0","output_index":0,"content_index":0,"delta":"Hé \"there\"","logprobs":[]}"#
                ))
        #expect(events[6]["text"] == .string("Hé \"there\" 🌍\n"))
        #expect(events[7]["part"]?["text"] == .string("Hé \"there\" 🌍\n"))
        #expect(
            events[8]["item"]
                == json(
                    #"{"id":"msg_abc_0","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Hé \"there\" 🌍\n"}],"role":"assistant"}"#
                ))
        let response = try #require(events[9]["response"])
        #expect(response["status"] == "completed")
        #expect(response["output"] == .array([events[8]["item"] ?? .null]))
        #expect(
            response["usage"]
                == json(
                    #"{"input_tokens":20,"input_tokens_details":{"cached_tokens":5,"cache_write_tokens":3},"output_tokens":7,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":27}"#
                ))
    }

    static var includingEncryptedReasoning: ResponsesRequestEcho {
        var echo = ResponsesRequestEcho()
        echo.include = ["reasoning.encrypted_content"]
        return echo
    }

    @Test func encryptedReasoningReachesTheClientOnlyWhenIncludedButTheCompletedResponseKeepsIt() throws {
        var pipeline = StreamPipeline(
            translator: ResponsesStreamTranslator(responseID: "resp_abc", createdAt: 1, model: "gpt-x"))
        let events = Self.events(pipeline.feed(Array(Self.thinkingAndToolCall.utf8)).bytes)
        let reasoningDone = try #require(events.first { $0["type"] == "response.output_item.done" })
        #expect(reasoningDone["item"]?["type"] == "reasoning")
        #expect(reasoningDone["item"]?["encrypted_content"] == nil)
        #expect(events.last?["response"]?["output"]?[0]?["encrypted_content"] == nil)
        let kept = try #require(pipeline.translator.completedResponse)
        let encrypted = try #require(kept["output"]?[0]?["encrypted_content"]?.stringValue)
        #expect(EncryptedReasoning.decode(encrypted)?["signature"] == "sig-XYZ")
        #expect(ResponseObject.withoutEncryptedReasoning(kept) == events.last?["response"])
    }

    @Test func aFailedStreamLeavesNothingToKeep() {
        var pipeline = StreamPipeline(
            translator: ResponsesStreamTranslator(responseID: "resp_abc", createdAt: 1, model: "gpt-x"))
        _ = pipeline.feed(Array(Self.midStreamError.utf8))
        #expect(pipeline.isFinished)
        #expect(pipeline.translator.completedResponse == nil)
    }

    @Test func thinkingAndAToolCallStreamAsReasoningThenFunctionCall() throws {
        let run = Self.run(Self.thinkingAndToolCall, split: 5, echo: Self.includingEncryptedReasoning)
        let events = Self.events(run.bytes)
        #expect(
            Self.types(events) == [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed",
            ])
        #expect(
            events[3]
                == json(
                    #"{"type":"response.reasoning_summary_part.added","sequence_number":3,"item_id":"rs_abc_0","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}}"#
                ))
        #expect(
            events[4]
                == json(
                    #"{"type":"response.reasoning_summary_text.delta","sequence_number":4,"item_id":"rs_abc_0","output_index":0,"summary_index":0,"delta":"Need "}"#
                ))
        #expect(events[6]["text"] == "Need a lookup.")
        let reasoning = try #require(events[8]["item"])
        #expect(reasoning["summary"] == json(#"[{"type":"summary_text","text":"Need a lookup."}]"#))
        let encrypted = try #require(reasoning["encrypted_content"]?.stringValue)
        #expect(
            EncryptedReasoning.decode(encrypted)
                == json(#"{"type":"thinking","thinking":"Need a lookup.","signature":"sig-XYZ"}"#))
        #expect(
            events[9]
                == json(
                    #"{"type":"response.output_item.added","sequence_number":9,"output_index":1,"item":{"id":"fc_abc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"toolu_1","name":"lookup"}}"#
                ))
        #expect(
            events[10]
                == json(
                    #"{"type":"response.function_call_arguments.delta","sequence_number":10,"item_id":"fc_abc_1","output_index":1,"delta":"{\"q\":"}"#
                ))
        #expect(
            events[12]
                == json(
                    #"{"type":"response.function_call_arguments.done","sequence_number":12,"item_id":"fc_abc_1","output_index":1,"arguments":"{\"q\":\"pi\"}"}"#
                ))
        let response = try #require(events[14]["response"])
        #expect(response["status"] == "completed")
        #expect(response["output"]?.arrayValue?.count == 2)
        #expect(response["usage"]?["output_tokens_details"]?["reasoning_tokens"] == 11)
        #expect(
            run.observations == [
                .started(messageID: "msg_1"), .reasoning("Need "), .reasoning("a lookup."),
                .toolCall(index: 0, id: "toolu_1", name: "lookup"), .toolArguments(index: 0, fragment: "{\"q\":"),
                .toolArguments(index: 0, fragment: "\"pi\"}"),
                .finished(
                    stopReason: "tool_use",
                    usage: Usage(
                        inputTokens: 12, outputTokens: 30, cacheCreationInputTokens: 3, cacheReadInputTokens: 5,
                        thinkingTokens: 11)),
            ])
    }

    @Test func theOutputCapEndsWithResponseIncomplete() throws {
        let events = Self.events(Self.run(Self.maxTokens, split: 3).bytes)
        let last = try #require(events.last)
        #expect(last["type"] == "response.incomplete")
        #expect(last["response"]?["status"] == "incomplete")
        #expect(last["response"]?["incomplete_details"] == json(#"{"reason":"max_output_tokens"}"#))
        #expect(last["response"]?["output"]?[0]?["content"]?[0]?["text"] == "Once upon")
    }

    @Test func anUpstreamErrorMidStreamIsAnErrorEventThenResponseFailed() throws {
        let run = Self.run(Self.midStreamError, split: 11)
        let events = Self.events(run.bytes)
        #expect(
            Self.types(events) == [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "error", "response.failed",
            ])
        #expect(events[5]["code"] == "overloaded")
        #expect(events[5]["message"]?.stringValue?.contains("Overloaded") == true)
        #expect(events[6]["response"]?["status"] == "failed")
        #expect(events[6]["response"]?["error"]?["code"] == "server_error")
        guard case .failed(let error)? = run.observations.last else {
            Issue.record("no failed observation")
            return
        }
        #expect(error.kind == .overloaded)
    }

    @Test func anUpstreamThatStopsEarlyEndsWithResponseFailed() throws {
        let events = Self.events(Self.run(Self.truncated, split: 13).bytes)
        #expect(Self.types(events).suffix(2) == ["error", "response.failed"])
        #expect(events.last?["response"]?["error"]?["message"]?.stringValue?.contains("ended before") == true)
    }

    @Test func theRequestEchoAppearsInEveryResponseObject() throws {
        var echo = ResponsesRequestEcho()
        echo.instructions = "Be brief."
        echo.store = false
        echo.metadata = json(#"{"app":"x"}"#)
        let events = Self.events(Self.run(Self.text, split: 1000, echo: echo).bytes)
        for event in [events[0], events[1], events[events.count - 1]] {
            #expect(event["response"]?["instructions"] == "Be brief.")
            #expect(event["response"]?["store"] == false)
            #expect(event["response"]?["metadata"] == json(#"{"app":"x"}"#))
        }
    }

    @Test func aForcedResponseFormatToolStreamsAsMessageText() throws {
        let recorded = Self.sse([
            Self.start,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_9","name":"answer","input":{}}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"1}"}}"#,
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":5}}"#, Self.stop,
        ])
        var pipeline = StreamPipeline(
            translator: ResponsesStreamTranslator(
                responseID: "resp_abc", createdAt: 1, model: "gpt-x", responseFormatTool: "answer"))
        let events = Self.events(pipeline.feed(Array(recorded.utf8)).bytes)
        #expect(!Self.types(events).contains("response.function_call_arguments.delta"))
        #expect(events.last?["response"]?["output"]?[0]?["content"]?[0]?["text"] == #"{"a":1}"#)
        #expect(events.last?["response"]?["status"] == "completed")
    }

    @Test func anUpstreamThatFailsAtOnceStillOpensTheResponseAndReportsOnlyTheFailure() {
        let run = Self.run(Self.sse([#"{"type":"error","error":{"type":"api_error","message":"boom"}}"#]), split: 4)
        #expect(Self.types(Self.events(run.bytes)) == ["response.created", "response.in_progress", "error", "response.failed"])
        #expect(run.observations.count == 1)
        #expect(run.firstTokens == 0)
    }

    /// Each delta costs work in proportion to itself: a long answer streams in linear time.
    @Test(.timeLimit(.minutes(1)))
    func aHundredThousandDeltasStreamInLinearTime() throws {
        var events = [Self.start, #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#]
        for index in 0..<100_000 {
            events.append(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"w\#(index) "}}"#)
        }
        events += [
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":100000}}"#, Self.stop,
        ]
        var pipeline = StreamPipeline(
            translator: ResponsesStreamTranslator(responseID: "resp_abc", createdAt: 1, model: "gpt-x", observing: false))
        let bytes = pipeline.feed(Array(Self.sse(events).utf8)).bytes
        #expect(pipeline.isFinished)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#"{"type":"response.completed","sequence_number":100007,"#))
        #expect(text.contains(#"w99999 "}],"role":"assistant"}]"#))
    }
}
