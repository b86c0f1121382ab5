import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// Reads and parses a JSON request body within the size limit, with errors a client can act on.
enum RequestBodyReader {
    static func json(_ request: Request, limit: Int) async throws -> JSONValue {
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
        do {
            return try buffer.withUnsafeReadableBytes { raw in try JSONParser.parse(raw) }
        } catch let error as JSONParser.SyntaxError {
            throw ProxyError(
                kind: .invalidRequest, status: 400,
                message: "We could not parse the JSON body of your request: \(error.reason) at byte \(error.offset).",
                code: "invalid_json")
        }
    }
}
