import Hummingbird
import NIOCore
import ProxyCore

/// Re-frames the fake's planned Anthropic SSE stream as Bedrock sends it: each event's JSON,
/// base64, in an event-stream `chunk` message; an `error` event becomes an exception message;
/// `message_stop` gains Bedrock's `amazon-bedrock-invocationMetrics`.
enum FakeBedrockStream {
    static func frames(from sse: [SSEFrame], scenario: String?, inputTokens: Int) -> [SSEFrame] {
        var decoder = SSEDecoder()
        var result: [SSEFrame] = []
        var outputTokens = 0
        var deltas = 0
        for frame in sse {
            var bytes: [UInt8] = []
            for event in decoder.feed(frame.buffer.readableBytesView) {
                let json = try? JSONParser.parse(event.data)
                let type = json?["type"]?.stringValue ?? event.event ?? ""
                switch type {
                case "error":
                    let exception = json?["error"]?["type"]?.stringValue == "overloaded_error" ? "serviceUnavailableException" : "internalServerException"
                    bytes += EventStreamEncoder.exception(exception, message: json?["error"]?["message"]?.stringValue ?? "error")
                case "message_stop":
                    let metrics =
                        #"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":\#(inputTokens),"#
                        + #""outputTokenCount":\#(outputTokens),"invocationLatency":42,"firstByteLatency":7}}"#
                    bytes += EventStreamEncoder.chunk(eventJSON: Array(metrics.utf8), padding: "abcdefgh")
                default:
                    if type == "message_delta" { outputTokens = json?["usage"]?["output_tokens"]?.intValue ?? outputTokens }
                    var chunk = EventStreamEncoder.chunk(eventJSON: event.data, padding: "abcd")
                    if type == "content_block_delta" {
                        deltas += 1
                        if deltas == 2, scenario == "bedrock-bad-crc" { chunk[chunk.count - 1] ^= 0xFF }
                    }
                    bytes += chunk
                    if type == "content_block_delta", deltas == 1, scenario == "bedrock-stream-exception" {
                        bytes += EventStreamEncoder.exception(
                            "throttlingException", message: "Too many requests, please wait before trying again.")
                        result.append(SSEFrame(buffer: ByteBuffer(bytes: bytes), pause: frame.pause))
                        return result
                    }
                }
            }
            if !bytes.isEmpty { result.append(SSEFrame(buffer: ByteBuffer(bytes: bytes), pause: frame.pause)) }
        }
        return result
    }
}
