import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// Builds the one HTTP shape every error takes: the dialect's JSON envelope (OpenAI's unless the
/// client speaks Anthropic's), a fitting status, `Retry-After`, `x-should-retry` and the
/// upstream's request id where there is one.
enum ErrorResponse {
    static func make(_ error: ProxyError, shape: ErrorShape = .openAI, extraHeaders: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter = error.retryAfterSeconds { headers[.retryAfter] = String(retryAfter) }
        if let shouldRetry = error.shouldRetry { headers[HTTPField.Name("x-should-retry")!] = shouldRetry ? "true" : "false" }
        if let id = error.upstreamRequestID { headers[.xRequestID] = id }
        for (name, value) in extraHeaders {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        if shape == .anthropic, let id = error.upstreamRequestID { headers[.requestID] = id }
        let status = HTTPResponse.Status(code: shape.status(for: error))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: shape.bytes(for: error))))
    }
}
