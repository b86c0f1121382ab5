/// Translates a complete Anthropic Message into a legacy OpenAI `text_completion` object.
public enum CompletionsResponseTranslator {
    public static func translate(_ message: JSONValue, model: String, created: Int) -> JSONValue {
        // Only text is an answer here: thinking is not requested, and no tools are declared.
        let text = (message["content"]?.arrayValue ?? [])
            .filter { $0["type"]?.stringValue == "text" }
            .compactMap { $0["text"]?.stringValue }
            .joined()
        var usage = Usage()
        usage.merge(message["usage"])

        var choice = JSONObject()
        choice["text"] = .string(text)
        choice["index"] = 0
        choice["logprobs"] = .null
        choice["finish_reason"] = .string(FinishReason.openAI(message["stop_reason"]?.stringValue))

        var completion = JSONObject()
        completion["id"] = .string(completionID(fromMessageID: message["id"]?.stringValue))
        completion["object"] = "text_completion"
        completion["created"] = JSONValue(created)
        completion["model"] = .string(model)
        completion["choices"] = [.object(choice)]
        completion["usage"] = usageJSON(usage)
        return .object(completion)
    }

    /// The legacy API's usage: the three totals (cached tokens counted in `prompt_tokens`).
    static func usageJSON(_ usage: Usage) -> JSONValue {
        [
            "prompt_tokens": JSONValue(usage.promptTokens), "completion_tokens": JSONValue(usage.outputTokens),
            "total_tokens": JSONValue(usage.promptTokens + usage.outputTokens),
        ]
    }

    /// `msg_01ABC` → `cmpl-01ABC`, so the two ids can be matched in logs.
    public static func completionID(fromMessageID id: String?) -> String {
        guard let id, !id.isEmpty else { return "cmpl-proxy" }
        return "cmpl-" + (id.hasPrefix("msg_") ? String(id.dropFirst(4)) : id)
    }
}
