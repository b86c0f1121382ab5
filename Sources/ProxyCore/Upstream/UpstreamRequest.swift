/// One request for one upstream, as `UpstreamRoute.prepare` builds it: where it goes, the body it
/// carries and the headers its kind needs. The credential's headers are not here: the server adds
/// them on each attempt, since a token can be refreshed between attempts.
public struct UpstreamRequest: Sendable {
    public var url: String
    public var body: JSONObject
    public var headers: [(String, String)]

    public init(url: String, body: JSONObject, headers: [(String, String)]) {
        self.url = url
        self.body = body
        self.headers = headers
    }
}

extension UpstreamRoute {
    /// The first-party API version, sent as the `anthropic-version` header.
    public static let anthropicVersion = "2023-06-01"

    /// URL, body and headers for `operation` on an upstream of `kind`. First party names its API
    /// version in an `anthropic-version` header; Vertex names it in the body instead
    /// (upstreams.md §4.3). `clientHeaders` — the dialect's allow-listed ones, `anthropic-beta` —
    /// go to every kind unchanged.
    public static func prepare(
        _ operation: Operation, kind: UpstreamKind, baseURL: String, body: JSONObject, stream: Bool,
        clientHeaders: [(String, String)] = []
    ) -> UpstreamRequest {
        let (url, body) = request(operation, kind: kind, baseURL: baseURL, body: body, stream: stream)
        var headers: [(String, String)] = []
        switch kind {
        case .anthropic: headers.append(("anthropic-version", anthropicVersion))
        case .vertex: break
        }
        return UpstreamRequest(url: url, body: body, headers: headers + clientHeaders)
    }
}
