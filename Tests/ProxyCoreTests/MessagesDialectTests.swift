import ProxyCore
import Testing

/// The native Messages pass-through: the body as written (model resolved, identity applied), the
/// stream relayed byte for byte while it is read, errors in Anthropic's shape.
@Suite struct MessagesDialectTests {
    @Test func onlyTheModelAndTheIdentityAreRewritten() throws {
        let body = json(#"{"model":"sonnet","max_tokens":10,"system":"Be brief.","messages":[{"role":"user","content":"hi"}],"top_k":3}"#)
        var identity = IdentitySettings()
        identity.systemPrompt = "You are Pi."
        identity.mode = .prepend
        let translated = try MessagesDialect().translate(body, context: context(identity: identity))
        #expect(translated.body["model"] == "claude-sonnet-4-5")
        #expect(translated.body["top_k"] == 3)
        #expect(translated.body["system"]?[0]?["text"] == "You are Pi.")
        #expect(translated.body["system"]?[1]?["text"] == "Be brief.")
        let untouched = try MessagesDialect().translate(body, context: context())
        #expect(untouched.body["system"] == "Be brief.")
    }

    @Test func aStreamThatIsNotABooleanIsA400NamingIt() {
        let body = json(#"{"model":"sonnet","stream":"yes","messages":[]}"#)
        #expect(throws: ProxyError.self) { try MessagesDialect().translate(body, context: context()) }
    }

    @Test func theStreamIsRelayedUnchangedAtEverySplit() {
        let recorded = StreamPipelineTests.recorded
        for split in 1...40 {
            var pipeline = StreamPipeline(translator: MessagesStreamRelay())
            var bytes: [UInt8] = []
            var observations: [StreamObservation] = []
            let input = Array(recorded.utf8)
            var index = 0
            while index < input.count, !pipeline.isFinished {
                let output = pipeline.feed(input[index..<min(index + split, input.count)])
                bytes += output.bytes
                observations += output.observations
                index += split
            }
            bytes += pipeline.finish().bytes
            #expect(String(decoding: bytes, as: UTF8.self) == recorded, "split every \(split) bytes")
            #expect(observations.contains(.toolCall(index: 0, id: "toolu_1", name: "lookup")))
            #expect(observations.contains(.toolArguments(index: 0, fragment: #""pi"}"#)))
            #expect(observations.last == .finished(stopReason: "tool_use", usage: Usage(inputTokens: 12, outputTokens: 9)))
        }
    }

    @Test func anUpstreamThatStopsEarlyGetsAnAnthropicErrorEvent() {
        var pipeline = StreamPipeline(translator: MessagesStreamRelay())
        _ = pipeline.feed(StreamPipelineTests.recorded.utf8.prefix(300))
        let end = String(decoding: pipeline.finish().bytes, as: UTF8.self)
        #expect(end.hasPrefix("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\""))
    }

    @Test func overloadedStays529OnTheNativeRoutesAnd503ForOpenAIClients() {
        let overloaded = ProxyError(kind: .overloaded, status: 503, message: "busy")
        #expect(ErrorShape.anthropic.status(for: overloaded) == 529)
        #expect(ErrorShape.openAI.status(for: overloaded) == 503)
        #expect(ErrorShape.forPath("//v1/messages") == .anthropic)
        #expect(ErrorShape.forPath("/v1/messages/count_tokens") == .anthropic)
        #expect(ErrorShape.forPath("/v1/chat/completions") == .openAI)
    }
}
