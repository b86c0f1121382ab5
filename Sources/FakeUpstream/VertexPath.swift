import ProxyCore

/// A Claude-on-Vertex-AI request path as the fake serves it (upstreams.md §4.1):
/// `/v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict`,
/// `…:streamRawPredict`, and `…/models/count-tokens:rawPredict`.
struct VertexPath: Equatable {
    /// What the path asks for.
    enum Method: Equatable {
        case rawPredict, streamRawPredict, countTokens
    }

    static let anthropicVersion = "vertex-2023-10-16"

    let project: String
    let region: String
    /// The model from the URL (Vertex spelling, `claude-haiku-4-5@20251001`); nil for count-tokens.
    let model: String?
    let method: Method

    /// Nil for any other path.
    init?(_ path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 10, parts[0].isEmpty, parts[1] == "v1", parts[2] == "projects", parts[4] == "locations",
            parts[6] == "publishers", parts[7] == "anthropic", parts[8] == "models",
            let colon = parts[9].lastIndex(of: ":")
        else { return nil }
        let name = String(parts[9][..<colon])
        switch (name, parts[9][parts[9].index(after: colon)...]) {
        case ("count-tokens", "rawPredict"): (model, method) = (nil, .countTokens)
        case (_, "rawPredict") where !name.isEmpty: (model, method) = (name, .rawPredict)
        case (_, "streamRawPredict") where !name.isEmpty: (model, method) = (name, .streamRawPredict)
        default: return nil
        }
        project = String(parts[3])
        region = String(parts[5])
    }

    /// The first-party body the Messages validator checks: Vertex's `anthropic_version` required
    /// and removed; for predictions the body must not name a model (the URL does, `@` becoming
    /// `-`) and `stream` must match the method.
    func firstPartyBody(_ bytes: [UInt8]) throws(FakeAPIError) -> [UInt8] {
        guard !bytes.isEmpty, let json = try? JSONParser.parse(bytes), var body = json.objectValue else {
            throw .invalidRequest("There was an error parsing the body of your request: the body is not a JSON object.")
        }
        guard let version = body["anthropic_version"] else { throw .invalidRequest("anthropic_version: Field required") }
        guard version.stringValue == Self.anthropicVersion else {
            throw .invalidRequest("anthropic_version: Input should be '\(Self.anthropicVersion)'")
        }
        body["anthropic_version"] = nil
        if let model {
            if body["model"] != nil { throw .invalidRequest("model: Extra inputs are not permitted") }
            body["model"] = .string(model.replacingOccurrences(of: "@", with: "-"))
            let stream = body["stream"]?.boolValue ?? false
            if stream != (method == .streamRawPredict) {
                throw .invalidRequest(
                    stream ? "stream: true needs :streamRawPredict" : ":streamRawPredict needs \"stream\": true in the body")
            }
        }
        return JSONWriter.bytes(.object(body))
    }
}
