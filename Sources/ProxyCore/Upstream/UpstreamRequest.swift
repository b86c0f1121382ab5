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
    /// version in an `anthropic-version` header; Vertex and Bedrock name it in the body instead
    /// (upstreams.md §4.3, §5). `clientHeaders` — the dialect's allow-listed ones, `anthropic-beta` —
    /// go as headers to first party and Vertex; Bedrock takes the betas in the body (`anthropic_beta`)
    /// and its headers are the SigV4 signature, made by the server per attempt.
    public static func prepare(
        _ operation: Operation, kind: UpstreamKind, baseURL: String, body: JSONObject, stream: Bool,
        clientHeaders: [(String, String)] = []
    ) -> UpstreamRequest {
        switch kind {
        case .anthropic:
            let (url, body) = request(operation, kind: kind, baseURL: baseURL, body: body, stream: stream)
            return UpstreamRequest(url: url, body: body, headers: [("anthropic-version", anthropicVersion)] + clientHeaders)
        case .vertex:
            let (url, body) = request(operation, kind: kind, baseURL: baseURL, body: body, stream: stream)
            return UpstreamRequest(url: url, body: body, headers: clientHeaders)
        case .bedrock(let region):
            // Betas go into the body (`anthropic_beta`); the headers are the signature's, made per attempt.
            let models = BedrockModelMap(geography: BedrockModelMap.geography(forRegion: region))
            let (url, body) = bedrock(
                operation, baseURL: baseURL, body: body, stream: stream, models: models, betas: betas(clientHeaders))
            return UpstreamRequest(url: url, body: body, headers: [])
        }
    }

    /// The betas of the client's `anthropic-beta` headers (comma-separated, possibly repeated), in order.
    public static func betas(_ clientHeaders: [(String, String)]) -> [String] {
        clientHeaders.filter { $0.0.lowercased() == "anthropic-beta" }
            .flatMap { $0.1.split(separator: ",") }
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
