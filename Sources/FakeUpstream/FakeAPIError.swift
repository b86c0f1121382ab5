import Hummingbird

/// An Anthropic-shaped error response:
/// `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
struct FakeAPIError: Error, Sendable {
    let status: HTTPResponse.Status
    let type: String
    let message: String
    /// Optional `error.details` object, already serialised JSON.
    var detailsJSON: String? = nil
    /// Extra response headers (e.g. `retry-after`).
    var extraHeaders: [(FakeHeaders.FieldName, String)] = []

    static func invalidRequest(_ message: String) -> FakeAPIError {
        FakeAPIError(status: .badRequest, type: "invalid_request_error", message: message)
    }

    static func authentication(_ message: String = "invalid x-api-key") -> FakeAPIError {
        FakeAPIError(status: .unauthorized, type: "authentication_error", message: message)
    }

    static func permission(_ message: String) -> FakeAPIError {
        FakeAPIError(status: .forbidden, type: "permission_error", message: message)
    }

    static func notFound(_ message: String) -> FakeAPIError {
        FakeAPIError(status: .notFound, type: "not_found_error", message: message)
    }

    static func tooLarge() -> FakeAPIError {
        FakeAPIError(status: .contentTooLarge, type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes.")
    }

    static func overloaded() -> FakeAPIError {
        FakeAPIError(status: .init(code: 529, reasonPhrase: "Overloaded"), type: "overloaded_error", message: "Overloaded")
    }

    static func api() -> FakeAPIError {
        FakeAPIError(status: .internalServerError, type: "api_error", message: "Internal server error")
    }

    static func rateLimited() -> FakeAPIError {
        FakeAPIError(
            status: .tooManyRequests, type: "rate_limit_error",
            message: "This request would exceed the rate limit for your organization of 50 requests per minute.",
            extraHeaders: [(FakeHeaders.retryAfterMs, "10"), (FakeHeaders.retryAfter, "0")]
        )
    }

    static func spendLimit() -> FakeAPIError {
        FakeAPIError(
            status: .tooManyRequests, type: "rate_limit_error",
            message: "You have reached your specified workspace API usage limits. You will regain access at 00:00 UTC on the first day of next month.",
            detailsJSON: "{\"error_code\":\"enforced_spend_limit_reached\"}"
        )
    }

    /// The JSON body for this error.
    func body(requestID: String) -> String {
        var inner: [(String, String)] = [("type", JSONText.quote(type)), ("message", JSONText.quote(message))]
        if let detailsJSON { inner.append(("details", detailsJSON)) }
        return JSONText.object([
            ("type", "\"error\""),
            ("error", JSONText.object(inner)),
            ("request_id", JSONText.quote(requestID)),
        ])
    }

    /// Complete HTTP response, with the standard fake headers.
    func response(requestID: String) -> Response {
        var headers = FakeHeaders.standard(requestID: requestID, contentType: "application/json")
        for (name, value) in extraHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body(requestID: requestID))))
    }
}
