/// Everything besides the client's body that shapes one upstream request.
public struct TranslationContext: Sendable {
    public var model: ModelCatalog.Resolution
    public var identity: IdentitySettings
    public var promptCaching: PromptCachingSettings
    /// `max_tokens` when the client sends none and the models list does not say.
    public var fallbackMaxTokens: Int
    /// Earlier conversation items the request continues (a stored Responses conversation, for
    /// `previous_response_id`), oldest first; empty for every other request.
    public var history: [JSONValue] = []

    public init(
        model: ModelCatalog.Resolution, identity: IdentitySettings = .init(),
        promptCaching: PromptCachingSettings = .init(), fallbackMaxTokens: Int = 8192
    ) {
        self.model = model
        self.identity = identity
        self.promptCaching = promptCaching
        self.fallbackMaxTokens = fallbackMaxTokens
    }
}

/// The assistant's identity: a system prompt the operator configures.
public struct IdentitySettings: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Used only when the client sends no system prompt.
        case `default`
        /// Put before the client's system prompt.
        case prepend
        /// Used instead of the client's system prompt.
        case replace
    }

    public var systemPrompt: String?
    public var mode: Mode

    public init(systemPrompt: String? = nil, mode: Mode = .default) {
        self.systemPrompt = systemPrompt
        self.mode = mode
    }
}

/// Automatic prompt caching: cache breakpoints on the system prompt, the tools and the latest turns.
public struct PromptCachingSettings: Sendable, Equatable {
    public var automatic: Bool
    /// Below this many characters of prompt, caching costs more than it saves (the API's minimum
    /// cacheable prompt is about 1,024 tokens).
    public var minimumCharacters: Int

    public init(automatic: Bool = true, minimumCharacters: Int = 4096) {
        self.automatic = automatic
        self.minimumCharacters = minimumCharacters
    }
}
