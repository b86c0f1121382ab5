/// What went wrong with one attempt at an upstream, as the `type` label of
/// `claude_proxy_upstream_errors_total`: a fixed set, so the upstream's own error text never
/// becomes a label.
enum UpstreamErrorType: String, Sendable, CaseIterable {
    /// 429.
    case rateLimited = "rate_limited"
    /// 529, or a 5xx naming an overload.
    case overloaded
    /// Any other 5xx.
    case serverError = "server_error"
    /// 401 or 403: the credential was refused.
    case authentication
    /// Any other 4xx.
    case clientError = "client_error"
    /// No first byte within the deadline (or a 408).
    case timeout
    /// The connection could not be made or broke before an answer.
    case connection
    /// No credential could be had for the upstream.
    case credential
    /// Every connection to the upstream stayed busy for the whole queue time.
    case queueFull = "queue_full"

    /// The type of an attempt answered with HTTP `status`.
    static func of(status: Int) -> UpstreamErrorType {
        switch status {
        case 429: .rateLimited
        case 529: .overloaded
        case 408: .timeout
        case 401, 403: .authentication
        case 500...: .serverError
        default: .clientError
        }
    }
}
