/// Token counts of one response, as Anthropic reports them.
public struct Usage: Sendable, Equatable, Codable {
    public var inputTokens = 0
    public var outputTokens = 0
    public var cacheCreationInputTokens = 0
    public var cacheReadInputTokens = 0
    /// Raw reasoning tokens (`output_tokens_details.thinking_tokens`), when reported.
    public var thinkingTokens: Int?

    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, cacheCreationInputTokens: Int = 0, cacheReadInputTokens: Int = 0,
        thinkingTokens: Int? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.thinkingTokens = thinkingTokens
    }

    /// Merges an Anthropic `usage` object; fields it carries replace ours (they are cumulative).
    public mutating func merge(_ json: JSONValue?) {
        guard let json else { return }
        if let value = json["input_tokens"]?.intValue { inputTokens = value }
        if let value = json["output_tokens"]?.intValue { outputTokens = value }
        if let value = json["cache_creation_input_tokens"]?.intValue { cacheCreationInputTokens = value }
        if let value = json["cache_read_input_tokens"]?.intValue { cacheReadInputTokens = value }
        if let value = json["output_tokens_details"]?["thinking_tokens"]?.intValue { thinkingTokens = value }
    }

    /// Everything the model read: OpenAI counts cached tokens inside `prompt_tokens`.
    public var promptTokens: Int { inputTokens + cacheCreationInputTokens + cacheReadInputTokens }

    /// OpenAI's `usage` object.
    public var openAIJSON: JSONValue {
        var usage = JSONObject()
        usage["prompt_tokens"] = JSONValue(promptTokens)
        usage["completion_tokens"] = JSONValue(outputTokens)
        usage["total_tokens"] = JSONValue(promptTokens + outputTokens)
        usage["prompt_tokens_details"] = [
            "cached_tokens": JSONValue(cacheReadInputTokens), "cache_write_tokens": JSONValue(cacheCreationInputTokens),
        ]
        if let thinkingTokens {
            usage["completion_tokens_details"] = ["reasoning_tokens": JSONValue(thinkingTokens)]
        }
        return .object(usage)
    }
}
