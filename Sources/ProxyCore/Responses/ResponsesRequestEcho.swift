/// What a `POST /v1/responses` request said that its Response object repeats, and what the
/// server must act on (storage, the conversation to continue), as decoded by
/// `ResponsesRequestTranslator`.
public struct ResponsesRequestEcho: Sendable, Equatable {
    /// `instructions` as sent (a string), or null.
    public var instructions: JSONValue = .null
    /// The client's `tools`, as sent.
    public var tools: JSONValue = .array([])
    /// The client's `tool_choice`, as sent (`"auto"` by default).
    public var toolChoice: JSONValue = "auto"
    public var parallelToolCalls = true
    public var temperature: JSONValue = .null
    public var topP: JSONValue = .null
    public var maxOutputTokens: JSONValue = .null
    public var metadata: JSONValue = .object(JSONObject())
    /// `text` as sent (`{"format":{"type":"text"}}` by default).
    public var text: JSONValue = ["format": ["type": "text"]]
    /// `reasoning` as sent (`{"effort":null,"summary":null}` by default).
    public var reasoning: JSONValue = ["effort": .null, "summary": .null]
    public var truncation = "disabled"
    public var user: JSONValue = .null
    public var safetyIdentifier: JSONValue = .null
    public var promptCacheKey: JSONValue = .null
    /// `store` (true by default): the server keeps the response for `previous_response_id`.
    public var store = true
    /// The stored response whose conversation this request continues; the server resolves it.
    public var previousResponseID: String?
    /// `include` values, e.g. `reasoning.encrypted_content`.
    public var include: [String] = []
    /// The request's `input`, normalised to a list of items (a string becomes one user message),
    /// for the server to store with the response so that a later `previous_response_id` can
    /// replay the whole conversation.
    public var inputItems: [JSONValue] = []

    public init() {}

    /// Whether reasoning items reach the client with their `encrypted_content` (the signed
    /// thinking): only when `include` asks for it, as OpenAI does. A stored response keeps it
    /// regardless, so `previous_response_id` and reasoning items sent back by id replay it.
    public var includesEncryptedReasoning: Bool { include.contains("reasoning.encrypted_content") }

    /// Writes the echoed request fields into a Response object, in OpenAI's order.
    func write(into response: inout JSONObject) {
        response["instructions"] = instructions
        response["max_output_tokens"] = maxOutputTokens
        response["parallel_tool_calls"] = .bool(parallelToolCalls)
        response["previous_response_id"] = previousResponseID.map(JSONValue.string) ?? .null
        response["prompt_cache_key"] = promptCacheKey
        response["reasoning"] = reasoning
        response["safety_identifier"] = safetyIdentifier
        response["store"] = .bool(store)
        response["temperature"] = temperature
        response["text"] = text
        response["tool_choice"] = toolChoice
        response["tools"] = tools
        response["top_p"] = topP
        response["truncation"] = .string(truncation)
        response["user"] = user
        response["metadata"] = metadata
    }
}
