import ProxyCore
import Testing

/// The pipeline the server runs for every streamed response, driven directly: the client's bytes
/// must not depend on how the network split the upstream's.
@Suite struct StreamPipelineTests {
    static let recorded = [
        #"event: message_start"#, #"data: {"type":"message_start","message":{"id":"msg_1","model":"claude-test","usage":{"input_tokens":12,"output_tokens":1}}}"#, "",
        #"event: content_block_start"#, #"data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#, "",
        #"event: content_block_delta"#, #"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé \"there\" 🌍"}}"#, "",
        #"event: content_block_stop"#, #"data: {"type":"content_block_stop","index":0}"#, "",
        #"event: content_block_start"#, #"data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"lookup","input":{}}}"#, "",
        #"event: content_block_delta"#, #"data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"q\":"}}"#, "",
        #"event: content_block_delta"#, #"data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"pi\"}"}}"#, "",
        #"event: content_block_stop"#, #"data: {"type":"content_block_stop","index":1}"#, "",
        #"event: message_delta"#, #"data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}"#, "",
        #"event: message_stop"#, #"data: {"type":"message_stop"}"#, "", "",
    ].joined(separator: "\n")

    static func run(split: Int) -> (bytes: [UInt8], firstTokens: Int, observations: [StreamObservation]) {
        var pipeline = StreamPipeline(translator: ChatStreamTranslator(model: "claude-test", created: 1_700_000_000))
        let input = Array(recorded.utf8)
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
        return (bytes, firstTokens, observations)
    }

    @Test func clientBytesAreTheSameAtEverySplit() {
        let whole = Self.run(split: Int.max / 2)
        let text = String(decoding: whole.bytes, as: UTF8.self)
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        #expect(text.contains(#""finish_reason":"tool_calls""#))
        for split in 1...40 {
            let pieces = Self.run(split: split)
            #expect(pieces.bytes == whole.bytes, "split every \(split) bytes")
            #expect(pieces.observations == whole.observations, "split every \(split) bytes")
        }
    }

    @Test func theFirstTokenIsReportedExactlyOnce() {
        for split in [1, 3, 50, 10_000] {
            #expect(Self.run(split: split).firstTokens == 1, "split every \(split) bytes")
        }
    }

    @Test func anUpstreamThatStopsEarlyEndsTheClientStreamWithAnError() {
        var pipeline = StreamPipeline(translator: ChatStreamTranslator(model: "claude-test", created: 1_700_000_000))
        let cut = Self.recorded.utf8.prefix(600)
        _ = pipeline.feed(cut)
        #expect(!pipeline.isFinished)
        let end = pipeline.finish()
        let text = String(decoding: end.bytes, as: UTF8.self)
        #expect(text.contains(#""error""#))
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        #expect(pipeline.isFinished)
        #expect(pipeline.finish().bytes.isEmpty)
    }
}
