/// One model from the upstream's live models list.
public struct ModelInfo: Sendable, Equatable {
    public var id: String
    public var displayName: String
    /// Unix seconds.
    public var created: Int
    public var maxInputTokens: Int?
    public var maxOutputTokens: Int?
    public var capabilities: ModelCapabilities

    public init(
        id: String, displayName: String? = nil, created: Int = 0, maxInputTokens: Int? = nil,
        maxOutputTokens: Int? = nil, capabilities: ModelCapabilities = .unknown
    ) {
        self.id = id
        self.displayName = displayName ?? id
        self.created = created
        self.maxInputTokens = maxInputTokens
        self.maxOutputTokens = maxOutputTokens
        self.capabilities = capabilities
    }

    /// Reads one entry of Anthropic's `GET /v1/models` `data` array.
    public init?(anthropicJSON json: JSONValue) {
        guard let id = json["id"]?.stringValue else { return nil }
        self.id = id
        displayName = json["display_name"]?.stringValue ?? id
        created = json["created_at"]?.stringValue.flatMap(RFC3339.unixSeconds) ?? 0
        maxInputTokens = json["max_input_tokens"]?.intValue
        maxOutputTokens = json["max_tokens"]?.intValue
        capabilities = json["capabilities"].map(ModelCapabilities.init(json:)) ?? .unknown
    }
}
