import Foundation
import ProxyCore
import Testing

/// Bedrock's event stream through the same translators as Anthropic's SSE: identical client
/// output at every split, exceptions and corruption as the dialect's error.
@Suite struct BedrockStreamTests {
    /// The recorded Anthropic stream re-framed as Bedrock sends it.
    static var bedrockRecorded: [UInt8] {
        var decoder = SSEDecoder()
        return decoder.feed(Array(StreamPipelineTests.recorded.utf8)).flatMap {
            EventStreamEncoder.chunk(eventJSON: $0.data, padding: "pad")
        }
    }

    static func run<T: StreamTranslating>(
        _ translator: T, _ bytes: [UInt8], framing: StreamPipeline<T>.Framing, chunk: Int
    ) -> (bytes: [UInt8], observations: [StreamObservation]) {
        var pipeline = StreamPipeline(translator: translator, framing: framing)
        var output: [UInt8] = []
        var observations: [StreamObservation] = []
        var index = 0
        while index < bytes.count {
            let step = pipeline.feed(bytes[index..<min(index + chunk, bytes.count)])
            output += step.bytes
            observations += step.observations
            index += chunk
        }
        let end = pipeline.finish()
        return (output + end.bytes, observations + end.observations)
    }

    @Test func everyDialectWritesTheSameBytesFromBedrockAsFromSSE() {
        let sse = Array(StreamPipelineTests.recorded.utf8)
        let bedrock = Self.bedrockRecorded
        let relay = Self.run(MessagesStreamRelay(), sse, framing: .serverSentEvents, chunk: 4096).bytes
        let chat = Self.run(ChatStreamTranslator(model: "m", created: 1), sse, framing: .serverSentEvents, chunk: 4096).bytes
        let completions = Self.run(CompletionsStreamTranslator(model: "m", created: 1), sse, framing: .serverSentEvents, chunk: 4096).bytes
        for chunk in [1, 2, 3, 7, 64, bedrock.count] {
            #expect(Self.run(MessagesStreamRelay(), bedrock, framing: .bedrockEventStream, chunk: chunk).bytes == relay)
            #expect(Self.run(ChatStreamTranslator(model: "m", created: 1), bedrock, framing: .bedrockEventStream, chunk: chunk).bytes == chat)
            #expect(Self.run(CompletionsStreamTranslator(model: "m", created: 1), bedrock, framing: .bedrockEventStream, chunk: chunk).bytes == completions)
        }
    }

    @Test func aThrottlingExceptionMidStreamBecomesARateLimitError() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Array(StreamPipelineTests.recorded.utf8))
        let stream = events.prefix(3).flatMap { EventStreamEncoder.chunk(eventJSON: $0.data) }
            + EventStreamEncoder.exception("throttlingException", message: "Too many requests, please wait before trying again.")
        let result = Self.run(MessagesStreamRelay(), stream, framing: .bedrockEventStream, chunk: 5)
        let text = String(decoding: result.bytes, as: UTF8.self)
        #expect(text.contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\""))
        #expect(text.contains("throttlingException"))
        let failure = result.observations.compactMap { observation -> ProxyError? in
            if case .failed(let error) = observation { return error }
            return nil
        }
        #expect(failure.first?.status == 429)
    }

    @Test func aModelStreamErrorCarriesTheModelsMessage() {
        let frame = EventStreamEncoder.encode(
            EventStreamMessage(
                headers: [(":message-type", .string("exception")), (":exception-type", .string("modelStreamErrorException"))],
                payload: Array(#"{"message":"boom","originalStatusCode":500,"originalMessage":"model crashed"}"#.utf8)))
        var decoder = BedrockStreamDecoder()
        let events = decoder.feed(frame)
        #expect(events.count == 1)
        #expect(events[0].event == "error")
        #expect(events[0].dataString.contains("model crashed"))
        #expect(events[0].dataString.contains(#""type":"api_error""#))
    }

    @Test func aCorruptedFrameEndsTheStreamWithAnErrorAndNothingAfter() {
        var corrupted = Self.bedrockRecorded
        corrupted[200] ^= 0xFF
        let result = Self.run(ChatStreamTranslator(model: "m", created: 1), corrupted, framing: .bedrockEventStream, chunk: 16)
        let text = String(decoding: result.bytes, as: UTF8.self)
        #expect(text.contains("corrupted"))
        #expect(result.observations.contains { if case .failed = $0 { true } else { false } })
    }

    @Test func chunksWithoutATypedEventAreDropped() {
        var decoder = BedrockStreamDecoder()
        #expect(decoder.feed(EventStreamEncoder.chunk(eventJSON: Array(#"{"nothing":1}"#.utf8))).isEmpty)
        let spaced = decoder.feed(EventStreamEncoder.chunk(eventJSON: Array(#"{ "type" : "ping" }"#.utf8)))
        #expect(spaced.first?.event == "ping")
    }
}
