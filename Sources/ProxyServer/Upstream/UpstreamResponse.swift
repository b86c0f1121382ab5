import AsyncHTTPClient
import NIOCore

/// An upstream answer whose headers have arrived; the body may still be streaming.
struct UpstreamResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: HTTPClientResponse.Body
    /// The place this request holds at the upstream's admission gate, until `release()`.
    var slot: UpstreamSlot?

    /// Anthropic's `request-id`, or Bedrock's `x-amzn-RequestId`.
    var requestID: String? {
        headers.first { $0.0.utf8.count == 10 && $0.0.lowercased() == "request-id" }?.1
            ?? headers.first { $0.0.utf8.count == 16 && $0.0.lowercased() == "x-amzn-requestid" }?.1
    }

    /// Whether the body is Bedrock's `application/vnd.amazon.eventstream` rather than SSE.
    var isAmazonEventStream: Bool {
        headers.first { $0.0.lowercased() == "content-type" }?.1.lowercased().hasPrefix("application/vnd.amazon.eventstream") ?? false
    }

    /// Reads the whole body, refusing more than `limit` bytes, and gives the slot back.
    func collect(limit: Int) async throws -> [UInt8] {
        defer { release() }
        var buffer = try await body.collect(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// Gives the admission slot back: call once the body has ended or will not be read further
    /// (a second call does nothing).
    func release() { slot?.release() }
}

/// Why an upstream attempt produced no response at all.
struct UpstreamConnectionError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
