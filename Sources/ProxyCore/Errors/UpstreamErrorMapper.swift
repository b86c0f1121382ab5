/// Maps an Anthropic error (HTTP status + body, or a mid-stream `error` event) to a `ProxyError`
/// with the status and shape an OpenAI client expects.
public enum UpstreamErrorMapper {
    public static func map(
        status: Int, body: [UInt8], requestID: String? = nil, retryAfterSeconds: Int? = nil
    ) -> ProxyError {
        map(status: status, json: try? JSONParser.parse(body), body: body, requestID: requestID, retryAfterSeconds: retryAfterSeconds)
    }

    /// The client's error for an upstream's error answer, from its one parse (`UpstreamFailure`).
    public static func map(_ failure: UpstreamFailure) -> ProxyError {
        map(
            status: failure.status, json: failure.json, body: failure.body, requestID: failure.requestID,
            retryAfterSeconds: failure.retryAfterSeconds.map { Int($0.rounded(.up)) })
    }

    static func map(
        status: Int, json parsed: JSONValue?, body: [UInt8], requestID: String?, retryAfterSeconds: Int?
    ) -> ProxyError {
        var json = parsed
        // Some Google gateways wrap the envelope in an array: `[{"error":{…}}]`.
        if let first = json?[0], first["error"] != nil { json = first }
        let error = json?["error"]
        // Anthropic says `error.type`; Google's envelope says `error.status` (`UNAUTHENTICATED`, …).
        let type = error?["type"]?.stringValue ?? googleType(error?["status"]?.stringValue)
        var message = error?["message"]?.stringValue ?? ""
        if message.isEmpty {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingSpaces()
            message = text.isEmpty ? "The upstream answered HTTP \(status) with no body." : "Upstream HTTP \(status): \(text)"
        }
        let upstreamID = requestID ?? json?["request_id"]?.stringValue
        var mapped: ProxyError
        if isSubscriptionOnlyRejection(message) {
            return ProxyError(
                kind: .permission, status: 403,
                message: "The upstream refused this credential: it is a Claude subscription credential, which is "
                    + "only authorized for Anthropic's own apps. Use an Anthropic API key (ANTHROPIC_API_KEY) or a "
                    + "Console login (`ant auth login`). Upstream said: \(message)",
                code: "credential_not_permitted", shouldRetry: false, upstreamRequestID: upstreamID)
        }
        switch (status, type) {
        case (529, _), (_, "overloaded_error"):
            mapped = ProxyError(
                kind: .overloaded, status: 503, message: "Claude is overloaded right now; try again shortly. (\(message))",
                code: "overloaded", retryAfterSeconds: retryAfterSeconds ?? 5)
        case (429, _), (_, "rate_limit_error"):
            if error?["details"]?["error_code"]?.stringValue == "enforced_spend_limit_reached" {
                mapped = ProxyError(
                    kind: .rateLimit, status: 429,
                    message: "The Anthropic spend limit for this organization or workspace has been reached; "
                        + "requests resume when the limit resets or is raised in the Console. (\(message))",
                    code: "insufficient_quota", shouldRetry: false)
            } else {
                mapped = ProxyError(
                    kind: .rateLimit, status: 429, message: message, code: "rate_limit_exceeded",
                    retryAfterSeconds: retryAfterSeconds)
            }
        case (401, _), (_, "authentication_error"):
            mapped = ProxyError(
                kind: .authentication, status: 502,
                message: "The upstream rejected the proxy's credential (\(message)). Check the API key or log in again "
                    + "with `ant auth login`; `claude-proxy check` shows the credential's state.",
                code: "upstream_authentication_failed")
        case (403, _), (_, "permission_error"):
            mapped = ProxyError(kind: .permission, status: 403, message: message, code: "permission_denied")
        case (404, _), (_, "not_found_error"):
            mapped = ProxyError(kind: .notFound, status: 404, message: message, code: "not_found")
        case (413, _), (_, "request_too_large"):
            mapped = ProxyError(kind: .requestTooLarge, status: 413, message: message, code: "request_too_large")
        case (402, _), (_, "billing_error"):
            mapped = ProxyError(kind: .billing, status: 402, message: message, code: "billing_error", shouldRetry: false)
        case (400..<500, _), (_, "invalid_request_error"):
            mapped = ProxyError(kind: .invalidRequest, status: status >= 400 && status < 500 ? status : 400, message: message)
        case (504, _), (_, "timeout_error"):
            mapped = ProxyError(kind: .timeout, status: 504, message: message, code: "upstream_timeout")
        default:
            mapped = ProxyError(kind: .upstream, status: 502, message: "Upstream error: \(message)", code: "upstream_error")
        }
        mapped.upstreamRequestID = upstreamID
        return mapped
    }

    static func googleType(_ status: String?) -> String {
        switch status {
        case "UNAUTHENTICATED": "authentication_error"
        case "PERMISSION_DENIED": "permission_error"
        case "RESOURCE_EXHAUSTED": "rate_limit_error"
        case "NOT_FOUND": "not_found_error"
        case "INVALID_ARGUMENT", "FAILED_PRECONDITION": "invalid_request_error"
        case "UNAVAILABLE": "overloaded_error"
        case "DEADLINE_EXCEEDED": "timeout_error"
        default: ""
        }
    }

    /// An `error` event that arrived inside a stream (after HTTP 200).
    public static func mapStreamError(_ data: [UInt8]) -> ProxyError {
        let type = (try? JSONParser.parse(data))?["error"]?["type"]?.stringValue
        let status: Int
        switch type {
        case "overloaded_error": status = 529
        case "rate_limit_error": status = 429
        case "invalid_request_error": status = 400
        default: status = 500
        }
        return map(status: status, body: data)
    }

    /// Anthropic's words when a consumer-subscription token is used outside its own apps.
    static func isSubscriptionOnlyRejection(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return lowered.contains("only authorized for use with claude code")
            || lowered.contains("only be used with claude code")
            || (lowered.contains("claude code") && lowered.contains("oauth") && lowered.contains("not supported"))
    }
}
