/// An upstream's error answer, read once: the retry decision (`RetryPolicy`) and the client's
/// error (`UpstreamErrorMapper`) both come from this one parse of its body and headers.
public struct UpstreamFailure: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]
    /// The body as JSON; nil when it is empty or not JSON.
    public let json: JSONValue?
    /// How long the upstream asked to wait, from `retry-after-ms` or else `retry-after` (seconds).
    public let retryAfterSeconds: Double?
    /// `x-should-retry: true|false` when the upstream sent it.
    public let shouldRetryHeader: Bool?
    public let requestID: String?

    public init(status: Int, headers: [(String, String)], body: [UInt8], requestID: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.requestID = requestID
        json = body.isEmpty ? nil : try? JSONParser.parse(body)
        retryAfterSeconds = Self.serverDelay(headers)
        shouldRetryHeader =
            switch RetryPolicy.header("x-should-retry", in: headers) {
            case "true": true
            case "false": false
            default: nil
            }
    }

    /// Anthropic's spend limit: retrying cannot help until the limit resets or is raised.
    public var isSpendLimit: Bool {
        json?["error"]?["details"]?["error_code"]?.stringValue == "enforced_spend_limit_reached"
    }

    static func serverDelay(_ headers: [(String, String)]) -> Double? {
        if let ms = RetryPolicy.header("retry-after-ms", in: headers), let value = Double(ms) { return value / 1000 }
        if let seconds = RetryPolicy.header("retry-after", in: headers), let value = Double(seconds) { return value }
        return nil
    }
}
