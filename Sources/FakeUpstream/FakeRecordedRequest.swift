import ProxyCore

/// One HTTP request received by a ``FakeAnthropic`` (introspection routes under `/_fake/`
/// are not recorded).
public struct FakeRecordedRequest: Sendable {
    /// HTTP method, e.g. `POST`.
    public let method: String
    /// Request path without the query string, e.g. `/v1/messages`.
    public let path: String
    /// Query string without the leading `?`, or nil.
    public let query: String?
    /// Header fields keyed by **lowercased** name; repeated fields are joined with `", "`.
    public let headers: [String: String]
    /// Raw request body bytes.
    public let body: [UInt8]

    public init(method: String, path: String, query: String?, headers: [String: String], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid sequences repaired).
    public var bodyString: String { String(decoding: body, as: UTF8.self) }

    /// `{"method":…,"path":…,"headers":{…},"body":<parsed JSON or null>}` for `GET /_fake/requests`.
    var json: String {
        let headerPairs = headers.keys.sorted().map { ($0, JSONText.quote(headers[$0]!)) }
        let bodyJSON = !body.isEmpty && (try? JSONParser.parse(body)) != nil ? bodyString : "null"
        return JSONText.object([
            ("method", JSONText.quote(method)),
            ("path", JSONText.quote(path)),
            ("query", JSONText.quoteOrNull(query)),
            ("headers", JSONText.object(headerPairs)),
            ("body", bodyJSON),
        ])
    }
}
