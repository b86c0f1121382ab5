/// Where and how a Messages request is sent for each kind of upstream.
///
/// First party: `POST {base}/v1/messages` with the body as is. Vertex AI: the model moves from
/// the body into the URL (`…/models/{model}:rawPredict` or `:streamRawPredict`) and the API
/// version goes into the body as `anthropic_version` (upstreams.md §2.1–2.3).
public enum UpstreamRoute {
    public static let vertexAnthropicVersion = "vertex-2023-10-16"

    /// What is asked of the upstream.
    public enum Operation: Sendable {
        /// `POST /v1/messages`, streaming or not.
        case messages
        /// `POST /v1/messages/count_tokens`.
        case countTokens
    }

    public static func messages(kind: UpstreamKind, baseURL: String, body: JSONObject, stream: Bool) -> (url: String, body: JSONObject) {
        request(.messages, kind: kind, baseURL: baseURL, body: body, stream: stream)
    }

    public static func request(
        _ operation: Operation, kind: UpstreamKind, baseURL: String, body: JSONObject, stream: Bool
    ) -> (url: String, body: JSONObject) {
        switch (kind, operation) {
        case (.anthropic, .messages):
            return (baseURL + "/v1/messages", body)
        case (.anthropic, .countTokens):
            return (baseURL + "/v1/messages/count_tokens", body)
        case (.vertex(let project, let region), _):
            var body = body
            body["anthropic_version"] = .string(vertexAnthropicVersion)
            let models = "\(baseURL)/projects/\(project)/locations/\(region)/publishers/anthropic/models"
            if operation == .countTokens {
                // Token counting keeps the model in the body (upstreams.md §2.2).
                if let model = body["model"]?.stringValue { body["model"] = .string(vertexModelID(model)) }
                return (models + "/count-tokens:rawPredict", body)
            }
            let model = body["model"]?.stringValue ?? ""
            body["model"] = nil
            let method = stream ? "streamRawPredict" : "rawPredict"
            return ("\(models)/\(vertexModelID(model)):\(method)", body)
        case (.bedrock(let region), _):
            let models = BedrockModelMap(geography: BedrockModelMap.geography(forRegion: region))
            return bedrock(operation, baseURL: baseURL, body: body, stream: stream, models: models, betas: [])
        }
    }

    /// The Vertex base URL for a region: `global`, the `us`/`eu` multi-regions, or `{region}-aiplatform`.
    public static func vertexBaseURL(region: String) -> String {
        switch region {
        case "global": "https://aiplatform.googleapis.com/v1"
        case "us": "https://aiplatform.us.rep.googleapis.com/v1"
        case "eu": "https://aiplatform.eu.rep.googleapis.com/v1"
        default: "https://\(region)-aiplatform.googleapis.com/v1"
        }
    }

    /// First-party ids with a date suffix use `@` on Vertex: `claude-sonnet-4-5-20250929` →
    /// `claude-sonnet-4-5@20250929`; newer ids without a date are the same on both.
    public static func vertexModelID(_ id: String) -> String {
        guard !id.contains("@"), let dash = id.lastIndex(of: "-") else { return id }
        let suffix = id[id.index(after: dash)...]
        guard suffix.count == 8, suffix.allSatisfy(\.isNumber) else { return id }
        return id[..<dash] + "@" + suffix
    }
}

/// The kinds of upstream the proxy can forward to.
public enum UpstreamKind: Sendable, Equatable {
    case anthropic
    case vertex(project: String, region: String)
    /// Amazon Bedrock's runtime in `region` (InvokeModel / InvokeModelWithResponseStream).
    case bedrock(region: String)

    public var name: String {
        switch self {
        case .anthropic: "anthropic"
        case .vertex: "vertex"
        case .bedrock: "bedrock"
        }
    }

    /// True for Bedrock, whose requests are signed (SigV4) and whose streams are event streams.
    public var isBedrock: Bool {
        if case .bedrock = self { return true }
        return false
    }
}
