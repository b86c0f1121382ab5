/// Resolves the model name a client asked for to an upstream model id and its capabilities.
///
/// Aliases come from the configuration. A target of the form `family:NAME` resolves to the
/// newest model in the upstream's live list whose id starts with `claude-NAME-` (so `opus`
/// follows new releases without a config change); any other target is used as written.
/// Any `claude-*` id and any Bedrock id (`us.anthropic.…`, ARNs) passes through; an unknown name is a 404 listing what is available.
public struct ModelCatalog: Sendable, Equatable {
    public var aliases: [String: String]
    public var liveModels: [ModelInfo]

    /// The aliases every installation has unless its config overrides them.
    public static let defaultAliases: [String: String] = [
        "opus": "family:opus",
        "sonnet": "family:sonnet",
        "haiku": "family:haiku",
        "claude-opus-4": "family:opus-4",
        "claude-sonnet-4": "family:sonnet-4",
        "claude-haiku-4": "family:haiku-4",
        "gpt-4": "family:opus",
        "gpt-4o": "family:sonnet",
        "gpt-3.5-turbo": "family:haiku",
    ]

    /// Used for a family alias while the live list is not known yet (first seconds after start,
    /// or an upstream without a models endpoint).
    static let familyFallbacks: [String: String] = [
        "opus": "claude-opus-4-7", "sonnet": "claude-sonnet-4-6", "haiku": "claude-haiku-4-5",
        "opus-4": "claude-opus-4-7", "sonnet-4": "claude-sonnet-4-6", "haiku-4": "claude-haiku-4-5",
    ]

    public init(aliases: [String: String] = ModelCatalog.defaultAliases, liveModels: [ModelInfo] = []) {
        self.aliases = aliases
        self.liveModels = liveModels
    }

    public struct Resolution: Sendable, Equatable {
        public var requested: String
        public var upstreamID: String
        public var info: ModelInfo?
        public var capabilities: ModelCapabilities { info?.capabilities ?? .unknown }

        public init(requested: String, upstreamID: String, info: ModelInfo?) {
            self.requested = requested
            self.upstreamID = upstreamID
            self.info = info
        }
    }

    public func resolve(_ requested: String) -> Result<Resolution, ProxyError> {
        let name = requested.trimmingSpaces()
        if let target = aliases[name] ?? aliases[name.lowercased()] {
            if let upstreamID = resolveTarget(target) {
                return .success(Resolution(requested: requested, upstreamID: upstreamID, info: info(for: upstreamID)))
            }
        } else if name.hasPrefix("claude-") || BedrockModelMap.isBedrockID(name) {
            return .success(Resolution(requested: requested, upstreamID: name, info: info(for: name)))
        } else if let live = info(for: name) {
            return .success(Resolution(requested: requested, upstreamID: live.id, info: live))
        }
        let available = (aliases.keys.sorted() + liveModels.map(\.id)).joined(separator: ", ")
        return .failure(
            ProxyError(
                kind: .notFound, status: 404,
                message: "The model '\(Redactor.truncate(requested))' does not exist or is not available here. Available: \(available).",
                param: "model", code: "model_not_found"))
    }

    func resolveTarget(_ target: String) -> String? {
        guard target.hasPrefix("family:") else { return target }
        let family = String(target.dropFirst("family:".count))
        let prefix = "claude-\(family)-"
        let matches = liveModels.enumerated().filter { $0.element.id.hasPrefix(prefix) }
        // Newest by creation date; the list's own order (newest first) breaks ties.
        if let newest = matches.max(by: { lhs, rhs in
            lhs.element.created != rhs.element.created
                ? lhs.element.created < rhs.element.created : lhs.offset > rhs.offset
        }) {
            return newest.element.id
        }
        return Self.familyFallbacks[family]
    }

    public func info(for id: String) -> ModelInfo? {
        liveModels.first { $0.id == id }
    }

    /// Every name a client can use, for `GET /v1/models`: aliases first, then live ids.
    public func listing() -> [(id: String, info: ModelInfo?)] {
        var seen = Set<String>()
        var result: [(String, ModelInfo?)] = []
        for alias in aliases.keys.sorted() where seen.insert(alias).inserted {
            let target = aliases[alias].flatMap(resolveTarget)
            result.append((alias, target.flatMap(info(for:))))
        }
        for model in liveModels where seen.insert(model.id).inserted {
            result.append((model.id, model))
        }
        return result
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
