/// A client request turned into an Anthropic Messages request, with what the response side needs.
public struct TranslatedRequest: Sendable {
    /// The body to POST to `/v1/messages`.
    public var body: JSONObject
    public var stream: Bool
    /// The model the client asked for and what it resolved to.
    public var model: ModelCatalog.Resolution
    /// When `response_format` became a forced tool, its name: its input is the answer's content.
    public var responseFormatTool: String?
    /// The client's own system prompt (joined), for the inspector.
    public var clientSystemPrompt: String?
    /// The system prompt actually sent upstream (joined), for the inspector.
    public var upstreamSystemPrompt: String?
    /// Adjustments made for the target model ("dropped temperature: not supported by …").
    public var notes: [String]
    /// For a Responses API request: the fields its Response object echoes and what the server
    /// acts on (`store`, `previous_response_id`, `include`); nil for other dialects.
    public var responses: ResponsesRequestEcho? = nil
}
