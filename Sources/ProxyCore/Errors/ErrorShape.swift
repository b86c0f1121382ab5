/// The error envelope a dialect's clients understand: OpenAI's for Chat Completions, Responses
/// and legacy Completions, Anthropic's for the native `/v1/messages` routes.
public enum ErrorShape: Sendable {
    case openAI
    case anthropic

    /// The shape for a request path, read the way the router reads it (empty segments skipped).
    public static func forPath(_ path: String) -> ErrorShape {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return segments.count >= 2 && segments[0] == "v1" && segments[1] == "messages" ? .anthropic : .openAI
    }

    public func bytes(for error: ProxyError) -> [UInt8] {
        switch self {
        case .openAI: OpenAIErrorBody.bytes(for: error)
        case .anthropic: AnthropicErrorBody.bytes(for: error)
        }
    }

    /// The HTTP status: Anthropic's clients know 529 as "overloaded" and retry it, so it stays
    /// 529 on the native routes; OpenAI's clients get 503.
    public func status(for error: ProxyError) -> Int {
        switch self {
        case .openAI: error.status
        case .anthropic: error.kind == .overloaded ? 529 : error.status
        }
    }
}

/// Anthropic's error envelope `{"type":"error","error":{"type","message"},"request_id"}`.
public enum AnthropicErrorBody {
    static func anthropicType(for kind: ProxyError.Kind) -> String {
        switch kind {
        case .invalidRequest: "invalid_request_error"
        case .authentication: "authentication_error"
        case .permission: "permission_error"
        case .notFound: "not_found_error"
        case .requestTooLarge: "request_too_large"
        case .rateLimit, .quota: "rate_limit_error"
        case .billing: "billing_error"
        case .overloaded: "overloaded_error"
        case .timeout: "timeout_error"
        case .upstream, .unavailable: "api_error"
        }
    }

    public static func json(for error: ProxyError) -> JSONValue {
        var inner = JSONObject()
        inner["type"] = .string(anthropicType(for: error.kind))
        inner["message"] = .string(error.message)
        var outer = JSONObject([("type", "error"), ("error", .object(inner))])
        if let id = error.upstreamRequestID { outer["request_id"] = .string(id) }
        return .object(outer)
    }

    public static func bytes(for error: ProxyError) -> [UInt8] {
        JSONWriter.bytes(json(for: error))
    }
}
