import AsyncHTTPClient
import NIOCore

/// An upstream answer whose headers have arrived; the body may still be streaming.
struct UpstreamResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: HTTPClientResponse.Body

    var requestID: String? {
        headers.first { $0.0.utf8.count == 10 && $0.0.lowercased() == "request-id" }?.1
    }

    /// Reads the whole body, refusing more than `limit` bytes.
    func collect(limit: Int) async throws -> [UInt8] {
        var buffer = try await body.collect(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

/// Why an upstream attempt produced no response at all.
struct UpstreamConnectionError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
