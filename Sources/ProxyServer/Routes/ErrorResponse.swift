import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// Builds the one HTTP shape every error takes: OpenAI's JSON envelope, a fitting status,
/// `Retry-After`, `x-should-retry` and the upstream's request id where there is one.
enum ErrorResponse {
    static func make(_ error: ProxyError, extraHeaders: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter = error.retryAfterSeconds { headers[.retryAfter] = String(retryAfter) }
        if let shouldRetry = error.shouldRetry { headers[HTTPField.Name("x-should-retry")!] = shouldRetry ? "true" : "false" }
        if let id = error.upstreamRequestID { headers[.xRequestID] = id }
        for (name, value) in extraHeaders {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let status = HTTPResponse.Status(code: error.status)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: OpenAIErrorBody.bytes(for: error))))
    }
}
