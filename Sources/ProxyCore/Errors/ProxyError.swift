/// Every failure the proxy answers a client with, ours or the upstream's.
///
/// Each case carries what the user needs to act on it; `OpenAIErrorBody` turns it into the
/// OpenAI error shape and HTTP status in one place.
public struct ProxyError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case invalidRequest = "invalid_request_error"
        case authentication = "authentication_error"
        case permission = "permission_error"
        case notFound = "not_found_error"
        case rateLimit = "rate_limit_error"
        case requestTooLarge = "request_too_large"
        case overloaded = "overloaded_error"
        case upstream = "api_error"
        case timeout = "timeout_error"
        case unavailable = "service_unavailable"
        case billing = "billing_error"
        /// A budget of the proxy's own (config `budgets`) is spent.
        case quota = "insufficient_quota"
    }

    public var kind: Kind
    public var status: Int
    public var message: String
    /// The request field the error is about, e.g. `messages[1].content[0].image_url.url`.
    public var param: String?
    /// A machine-readable code, e.g. `model_not_found` or `enforced_spend_limit_reached`.
    public var code: String?
    /// Seconds the client should wait before retrying, sent as `Retry-After`.
    public var retryAfterSeconds: Int?
    /// `false` tells OpenAI SDKs not to retry (`x-should-retry: false`).
    public var shouldRetry: Bool?
    /// The upstream's request id, when the error came from upstream.
    public var upstreamRequestID: String?

    public init(
        kind: Kind, status: Int, message: String, param: String? = nil, code: String? = nil,
        retryAfterSeconds: Int? = nil, shouldRetry: Bool? = nil, upstreamRequestID: String? = nil
    ) {
        self.kind = kind
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.retryAfterSeconds = retryAfterSeconds
        self.shouldRetry = shouldRetry
        self.upstreamRequestID = upstreamRequestID
    }

    /// A 400 naming the field that is wrong.
    public static func invalidField(_ param: String, _ message: String) -> ProxyError {
        ProxyError(kind: .invalidRequest, status: 400, message: message, param: param, code: "invalid_value")
    }

    public static func missingField(_ param: String) -> ProxyError {
        ProxyError(
            kind: .invalidRequest, status: 400, message: "Missing required parameter: '\(param)'.", param: param,
            code: "missing_required_parameter")
    }

    public static func wrongType(_ param: String, expected: String, got value: JSONValue) -> ProxyError {
        ProxyError(
            kind: .invalidRequest, status: 400,
            message: "Invalid type for '\(param)': expected \(expected), but got \(value.typeName).", param: param,
            code: "invalid_type")
    }
}
