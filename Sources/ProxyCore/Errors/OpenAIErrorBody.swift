/// The OpenAI error envelope `{"error":{"message","type","param","code"}}` for a `ProxyError`.
public enum OpenAIErrorBody {
    /// The OpenAI `type` for an error: OpenAI SDKs only look at the status, but some clients
    /// show the type, so it follows OpenAI's vocabulary where one exists.
    static func openAIType(for kind: ProxyError.Kind) -> String {
        switch kind {
        case .invalidRequest, .notFound, .requestTooLarge: "invalid_request_error"
        case .authentication: "authentication_error"
        case .permission: "permission_error"
        case .rateLimit, .billing: "rate_limit_error"
        case .quota: "insufficient_quota"
        case .overloaded, .unavailable: "service_unavailable_error"
        case .upstream, .timeout: "api_error"
        }
    }

    public static func json(for error: ProxyError) -> JSONValue {
        var inner = JSONObject()
        inner["message"] = .string(error.message)
        inner["type"] = .string(openAIType(for: error.kind))
        inner["param"] = error.param.map(JSONValue.string) ?? .null
        inner["code"] = error.code.map(JSONValue.string) ?? .string(error.kind.rawValue)
        return .object(JSONObject([("error", .object(inner))]))
    }

    public static func bytes(for error: ProxyError) -> [UInt8] {
        JSONWriter.bytes(json(for: error))
    }
}
