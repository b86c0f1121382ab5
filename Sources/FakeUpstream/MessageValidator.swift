import ProxyCore

/// Validates a `/v1/messages` or `/v1/messages/count_tokens` body the way the real API does,
/// so translation bugs surface as the same 400/404 errors they would cause in production.
enum MessageValidator {
    /// Which endpoint the body was sent to (they accept different top-level fields).
    enum Endpoint: Sendable {
        case messages
        case countTokens
    }

    private static let messagesFields: Set<String> = [
        "model", "messages", "max_tokens", "system", "stop_sequences", "temperature", "top_p", "top_k",
        "metadata", "tool_choice", "tools", "stream", "thinking", "output_config", "output_format",
        "cache_control", "service_tier", "inference_geo", "container", "mcp_servers", "context_management",
    ]
    private static let countTokensFields: Set<String> = [
        "model", "messages", "system", "tools", "tool_choice", "thinking", "output_config", "output_format",
        "cache_control", "mcp_servers", "context_management",
    ]

    static func validate(body: [UInt8], endpoint: Endpoint) throws(FakeAPIError) -> MessageRequest {
        guard !body.isEmpty, let json = try? JSONParser.parse(body) else {
            throw .invalidRequest("There was an error parsing the body of your request: the body is not valid JSON.")
        }
        guard let fields = json.objectValue else {
            throw .invalidRequest("Request body must be a JSON object.")
        }
        let allowed = endpoint == .messages ? messagesFields : countTokensFields
        if let extra = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalidRequest("\(extra): Extra inputs are not permitted")
        }
        guard let modelValue = fields["model"] else { throw .invalidRequest("model: Field required") }
        guard let modelID = modelValue.stringValue, !modelID.isEmpty else {
            throw .invalidRequest("model: Input should be a valid string")
        }
        guard let model = FakeModelCatalog.resolve(modelID) else { throw .notFound("model: \(modelID)") }

        let maxTokens = try validateMaxTokens(fields["max_tokens"], model: model, required: endpoint == .messages)
        let stream: Bool
        switch fields["stream"] {
        case nil, .null?: stream = false
        case .bool(let value)?: stream = value
        default: throw .invalidRequest("stream: Input should be a valid boolean")
        }
        try validateSystem(fields["system"])
        let messages = try ConversationValidator.validate(fields["messages"])
        let tools = try ToolValidator.validateTools(fields["tools"])
        let toolChoice = try ToolValidator.validateToolChoice(fields["tool_choice"], tools: tools)
        let thinking = try ModelRulesValidator.validateThinking(fields["thinking"], model: model, maxTokens: maxTokens)
        try ModelRulesValidator.validateSampling(fields, model: model, thinking: thinking)
        try ModelRulesValidator.validateOutputConfig(fields["output_config"], legacyFormat: fields["output_format"], model: model)
        try validateStopSequences(fields["stop_sequences"])
        try ToolHistoryValidator.validate(messages, toolsDeclared: !tools.isEmpty, thinkingOn: thinking != nil)
        if thinking != nil, let choice = toolChoice, choice.type == "any" || choice.type == "tool" {
            throw .invalidRequest("Thinking may not be enabled when tool_choice forces tool use.")
        }
        if model.adaptiveOnly, endpoint == .messages, messages.count > 1, messages.last?.role == "assistant" {
            throw .invalidRequest("This model does not support assistant message prefill. The conversation must end with a user message.")
        }
        return MessageRequest(
            modelID: modelID, model: model, maxTokens: maxTokens, stream: stream, messages: messages,
            tools: tools, toolChoice: toolChoice, thinking: thinking
        )
    }

    private static func validateMaxTokens(_ value: JSONValue?, model: FakeModel, required: Bool) throws(FakeAPIError) -> Int? {
        guard let value else {
            if required { throw .invalidRequest("max_tokens: Field required") }
            return nil
        }
        guard let maxTokens = value.intValue, maxTokens >= 1 else {
            throw .invalidRequest("max_tokens: Input should be a positive integer")
        }
        if maxTokens > model.maxTokens {
            throw .invalidRequest(
                "max_tokens: \(maxTokens) > \(model.maxTokens), which is the maximum allowed number of output tokens for \(model.id)"
            )
        }
        return maxTokens
    }

    private static func validateSystem(_ value: JSONValue?) throws(FakeAPIError) {
        switch value {
        case nil, .string?: return
        case .array(let blocks)?:
            for (index, block) in blocks.enumerated() {
                guard block["type"]?.stringValue == "text", let text = block["text"]?.stringValue else {
                    throw .invalidRequest("system.\(index): Input should be a valid text block")
                }
                if text.isEmpty { throw .invalidRequest("system: text content blocks must be non-empty") }
            }
        default:
            throw .invalidRequest("system: Input should be a valid string or list of text blocks")
        }
    }

    private static func validateStopSequences(_ value: JSONValue?) throws(FakeAPIError) {
        guard let value else { return }
        guard let items = value.arrayValue else { throw .invalidRequest("stop_sequences: Input should be a valid list") }
        for item in items {
            guard let text = item.stringValue else {
                throw .invalidRequest("stop_sequences: Input should be a valid list of strings")
            }
            if text.allSatisfy(\.isWhitespace) {
                throw .invalidRequest("stop_sequences: each stop sequence must contain non-whitespace")
            }
        }
    }
}
