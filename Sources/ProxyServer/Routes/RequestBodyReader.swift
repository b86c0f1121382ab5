import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// Reads and parses a JSON request body within the size limit, with errors a client can act on.
///
/// Collecting is I/O and stays where the request arrived; parsing is CPU work on the whole body,
/// which `DialectRoute` runs off the event loop for big bodies (`OffloadedWork`).
enum RequestBodyReader {
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ProxyError(
                kind: .requestTooLarge, status: 413,
                message: "The request body is larger than this proxy's limit of \(limit) bytes (limits.maxBodyBytes).",
                code: "request_too_large")
        }
        guard buffer.readableBytes > 0 else {
            throw ProxyError(kind: .invalidRequest, status: 400, message: "The request body is empty; send a JSON object.")
        }
        return buffer
    }

    static func parse(_ buffer: ByteBuffer) throws(ProxyError) -> JSONValue {
        do {
            return try buffer.withUnsafeReadableBytes { raw throws(JSONParser.SyntaxError) in try JSONParser.parse(raw) }
        } catch {
            throw ProxyError(
                kind: .invalidRequest, status: 400,
                message: "We could not parse the JSON body of your request: \(error.reason) at byte \(error.offset).",
                code: "invalid_json")
        }
    }
}
