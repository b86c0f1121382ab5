import ProxyCore
import Testing

/// Legacy Completions: the request fields, the `text_completion` shape, and its stream driven
/// through the same `StreamPipeline` the server runs.
@Suite struct CompletionsDialectTests {
    let dialect = CompletionsDialect()

    func translate(_ body: String, _ context: TranslationContext = context()) throws(ProxyError) -> TranslatedRequest {
        try dialect.translate(json(body), context: context)
    }

    // MARK: - Request

    @Test func aStringPromptBecomesOneUserTurnWithTheChatDefaults() throws {
        let request = try translate(#"{"model":"claude-sonnet-4-5","prompt":"def add(a, b):"}"#)
        #expect(request.body["messages"] == json(#"[{"role":"user","content":[{"type":"text","text":"def add(a, b):"}]}]"#))
        #expect(request.body["max_tokens"]?.intValue == 8192)
        #expect(request.body["system"] == nil)
        #expect(request.body["stream"] == nil)
        #expect(!request.stream)
    }

    @Test func anArrayOfOnePromptIsThatPrompt() throws {
        let request = try translate(#"{"model":"m","prompt":["hello"],"stream":true}"#)
        #expect(request.body["messages"]?[0]?["content"]?[0]?["text"]?.stringValue == "hello")
        #expect(request.stream)
        #expect(request.body["stream"] == true)
    }

    /// Whitespace-only stops (an editor's "\n") are dropped as in chat: the Messages API rejects them.
    @Test func mappedFieldsFollowTheChatRules() throws {
        let request = try translate(
            #"{"model":"m","prompt":"p","max_tokens":99999,"stop":"\nclass","temperature":1.5,"user":"editor-7"}"#)
        #expect(request.body["max_tokens"]?.intValue == 64000)
        #expect(request.body["stop_sequences"] == json(#"["\nclass"]"#))
        #expect(request.body["temperature"] == .number(1))
        #expect(request.body["metadata"] == json(#"{"user_id":"editor-7"}"#))
        let listed = try translate(#"{"model":"m","prompt":"p","stop":["END","\n"," ",""],"top_p":0.5,"max_tokens":12}"#)
        #expect(listed.body["stop_sequences"] == json(#"["END"]"#))
        #expect(listed.body["top_p"] == .number(0.5))
        #expect(listed.body["max_tokens"]?.intValue == 12)
    }

    @Test func theConfiguredIdentityIsTheSystemPrompt() throws {
        let identity = IdentitySettings(systemPrompt: "You complete code.", mode: .default)
        let request = try translate(#"{"model":"m","prompt":"p"}"#, context(identity: identity))
        #expect(request.body["system"] == json(#"[{"type":"text","text":"You complete code."}]"#))
    }

    @Test func fieldsWithoutAClaudeCounterpartAreIgnored() throws {
        let request = try translate(
            #"{"model":"m","prompt":"p","presence_penalty":1,"frequency_penalty":0.5,"logit_bias":{"50256":-100},"#
                + #""seed":4,"stream_options":{"include_usage":true},"echo":false,"logprobs":null,"best_of":1,"n":1,"suffix":null}"#)
        #expect(Set(request.body.keys) == ["model", "max_tokens", "messages"])
    }

    @Test(arguments: [
        (#"{"model":"m"}"#, "prompt"),
        (#"{"model":"m","prompt":""}"#, "prompt"),
        (#"{"model":"m","prompt":[]}"#, "prompt"),
        (#"{"model":"m","prompt":["a","b"]}"#, "prompt"),
        (#"{"model":"m","prompt":[1,2,3]}"#, "prompt"),
        (#"{"model":"m","prompt":[[1,2]]}"#, "prompt"),
        (#"{"model":"m","prompt":7}"#, "prompt"),
        (#"{"model":"m","prompt":"p","suffix":"}"}"#, "suffix"),
        (#"{"model":"m","prompt":"p","echo":true}"#, "echo"),
        (#"{"model":"m","prompt":"p","logprobs":0}"#, "logprobs"),
        (#"{"model":"m","prompt":"p","best_of":2}"#, "best_of"),
        (#"{"model":"m","prompt":"p","n":3}"#, "n"),
        (#"{"model":"m","prompt":"p","max_tokens":0}"#, "max_tokens"),
        (#"{"model":"m","prompt":"p","temperature":3}"#, "temperature"),
        (#"{"model":"m","prompt":"p","top_p":2}"#, "top_p"),
        (#"{"model":"m","prompt":"p","stop":5}"#, "stop"),
    ])
    func unsupportedOrInvalidFieldsAreA400NamingTheField(body: String, param: String) {
        do {
            _ = try translate(body)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.status == 400)
            #expect(error.param == param, "\(body)")
        }
    }

    // MARK: - Response

    @Test func aMessageBecomesATextCompletion() {
        let message = json(
            #"{"id":"msg_01AB","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"s"},"#
                + #"{"type":"text","text":"return a"},{"type":"text","text":" + b"}],"stop_reason":"max_tokens","#
                + #""usage":{"input_tokens":10,"output_tokens":4,"cache_read_input_tokens":3,"cache_creation_input_tokens":2}}"#)
        let request = try? translate(#"{"model":"claude-sonnet-4-5","prompt":"p"}"#)
        let response = request.map { dialect.response(to: message, for: $0, identity: dialect.identity(created: 1_700_000_000)) }
        #expect(
            response
                == json(
                    #"{"id":"cmpl-01AB","object":"text_completion","created":1700000000,"model":"claude-sonnet-4-5","#
                        + #""choices":[{"text":"return a + b","index":0,"logprobs":null,"finish_reason":"length"}],"#
                        + #""usage":{"prompt_tokens":15,"completion_tokens":4,"total_tokens":19}}"#))
    }

    @Test(arguments: [("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"), ("refusal", "content_filter")])
    func finishReasonsAreOpenAIs(stopReason: String, finish: String) {
        let message = json(#"{"id":"msg_1","content":[],"stop_reason":"\#(stopReason)","usage":{}}"#)
        let response = CompletionsResponseTranslator.translate(message, model: "m", created: 1)
        #expect(response["choices"]?[0]?["finish_reason"]?.stringValue == finish)
    }

    // MARK: - Stream

    static let recorded = [
        #"event: message_start"#, #"data: {"type":"message_start","message":{"id":"msg_1","model":"claude-test","usage":{"input_tokens":12,"output_tokens":1,"cache_read_input_tokens":5}}}"#, "",
        #"event: ping"#, #"data: {"type":"ping"}"#, "",
        #"event: content_block_start"#, #"data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#, "",
        #"event: content_block_delta"#, #"data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"secret"}}"#, "",
        #"event: content_block_stop"#, #"data: {"type":"content_block_stop","index":0}"#, "",
        #"event: content_block_start"#, #"data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#, "",
        #"event: content_block_delta"#, #"data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"return "}}"#, "",
        #"event: content_block_delta"#, #"data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"\"a\" 🌍"}}"#, "",
        #"event: content_block_stop"#, #"data: {"type":"content_block_stop","index":1}"#, "",
        #"event: message_delta"#, #"data: {"type":"message_delta","delta":{"stop_reason":"stop_sequence"},"usage":{"output_tokens":7}}"#, "",
        #"event: message_stop"#, #"data: {"type":"message_stop"}"#, "", "",
    ].joined(separator: "\n")

    static let expected = [
        #"data: {"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"claude-test","choices":[{"text":"return ","index":0,"logprobs":null,"finish_reason":null}]}"#,
        #"data: {"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"claude-test","choices":[{"text":"\"a\" 🌍","index":0,"logprobs":null,"finish_reason":null}]}"#,
        #"data: {"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"claude-test","choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]}"#,
        #"data: {"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"claude-test","choices":[],"usage":{"prompt_tokens":17,"completion_tokens":7,"total_tokens":24}}"#,
        "data: [DONE]",
    ].map { $0 + "\n\n" }.joined()

    static func run(_ stream: String, split: Int) -> (bytes: [UInt8], firstTokens: Int, observations: [StreamObservation]) {
        var pipeline = StreamPipeline(translator: CompletionsStreamTranslator(model: "claude-test", created: 1_700_000_000))
        let input = Array(stream.utf8)
        var bytes: [UInt8] = []
        var firstTokens = 0
        var observations: [StreamObservation] = []
        var index = 0
        while index < input.count, !pipeline.isFinished {
            let output = pipeline.feed(input[index..<min(index + split, input.count)])
            index += split
            bytes += output.bytes
            observations += output.observations
            if output.isFirstToken { firstTokens += 1 }
        }
        let end = pipeline.finish()
        bytes += end.bytes
        observations += end.observations
        return (bytes, firstTokens, observations)
    }

    @Test func theStreamIsTheExactChunkSequenceAtEverySplit() {
        let usage = Usage(inputTokens: 12, outputTokens: 7, cacheReadInputTokens: 5)
        for split in [Int.max / 2] + Array(1...40) {
            let run = Self.run(Self.recorded, split: split)
            #expect(String(decoding: run.bytes, as: UTF8.self) == Self.expected, "split every \(split) bytes")
            #expect(run.firstTokens == 1, "split every \(split) bytes")
            #expect(
                run.observations
                    == [.started(messageID: "msg_1"), .text("return "), .text("\"a\" 🌍"), .finished(stopReason: "stop_sequence", usage: usage)],
                "split every \(split) bytes")
        }
    }

    @Test func anUpstreamErrorMidStreamBecomesAnErrorChunkThenDone() {
        let cut = Self.recorded.components(separatedBy: "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}")[0]
        let failing = cut + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
        let run = Self.run(failing, split: 7)
        let text = String(decoding: run.bytes, as: UTF8.self)
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        let errorLine = text.components(separatedBy: "\n\n").first { $0.hasPrefix(#"data: {"error""#) }
        #expect(errorLine?.contains("Overloaded") == true)
        #expect(!text.contains(#""finish_reason":"stop""#))
        if case .failed? = run.observations.last {} else { Issue.record("no .failed observation: \(run.observations)") }
    }

    @Test func anUpstreamThatStopsEarlyEndsTheClientStreamWithAnError() {
        var pipeline = StreamPipeline(translator: CompletionsStreamTranslator(model: "claude-test", created: 1_700_000_000))
        _ = pipeline.feed(Self.recorded.utf8.prefix(900))
        #expect(!pipeline.isFinished)
        let end = pipeline.finish()
        let text = String(decoding: end.bytes, as: UTF8.self)
        #expect(text.contains(#""code":"upstream_stream_truncated""#))
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        #expect(pipeline.isFinished)
        #expect(pipeline.finish().bytes.isEmpty)
    }

    @Test func abortEndsAnUnfinishedStreamOnce() {
        var translator = CompletionsStreamTranslator(model: "claude-test", created: 1)
        #expect(!translator.hasEmittedContent)
        let error = ProxyError(kind: .upstream, status: 503, message: "shutting down")
        let step = translator.abort(error)
        #expect(String(decoding: step.bytes, as: UTF8.self).hasSuffix("data: [DONE]\n\n"))
        #expect(step.observations == [.failed(error)])
        #expect(translator.isFinished)
        #expect(translator.abort(error).bytes.isEmpty)
    }
}
