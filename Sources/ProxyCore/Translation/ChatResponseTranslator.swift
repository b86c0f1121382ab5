/// Translates a complete Anthropic Message into an OpenAI `chat.completion` object.
public enum ChatResponseTranslator {
    public static func translate(
        _ message: JSONValue, model: String, created: Int, responseFormatTool: String? = nil
    ) -> JSONValue {
        var text = ""
        var reasoning = ""
        var thinkingBlocks: [JSONValue] = []
        var toolCalls: [JSONValue] = []
        var formattedAnswer: String?
        for block in message["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text":
                text += block["text"]?.stringValue ?? ""
            case "thinking":
                let thinking = block["thinking"]?.stringValue ?? ""
                reasoning += thinking
                thinkingBlocks.append([
                    "type": "thinking", "thinking": .string(thinking),
                    "signature": block["signature"] ?? .null,
                ])
            case "redacted_thinking":
                thinkingBlocks.append(["type": "redacted_thinking", "data": block["data"] ?? .null])
            case "tool_use":
                let input = JSONWriter.string(block["input"] ?? .object(JSONObject()))
                if let responseFormatTool, block["name"]?.stringValue == responseFormatTool {
                    formattedAnswer = input
                    continue
                }
                toolCalls.append([
                    "id": block["id"] ?? .null, "type": "function",
                    "function": ["name": block["name"] ?? .null, "arguments": .string(input)],
                ])
            default:
                continue
            }
        }
        if let formattedAnswer { text = formattedAnswer }

        var assistant = JSONObject()
        assistant["role"] = "assistant"
        // OpenAI sends `content: null` when the answer is only tool calls.
        assistant["content"] = text.isEmpty && !toolCalls.isEmpty ? .null : .string(text)
        if !toolCalls.isEmpty { assistant["tool_calls"] = .array(toolCalls) }
        if !reasoning.isEmpty || !thinkingBlocks.isEmpty { assistant["reasoning_content"] = .string(reasoning) }
        if !thinkingBlocks.isEmpty { assistant["thinking_blocks"] = .array(thinkingBlocks) }
        assistant["refusal"] = .null

        let stopReason = message["stop_reason"]?.stringValue
        let finish = formattedAnswer != nil && stopReason == "tool_use"
            ? "stop" : FinishReason.openAI(stopReason, forcedResponseFormat: false)
        var usage = Usage()
        usage.merge(message["usage"])

        var choice = JSONObject()
        choice["index"] = 0
        choice["message"] = .object(assistant)
        choice["logprobs"] = .null
        choice["finish_reason"] = .string(toolCalls.isEmpty && finish == "tool_calls" ? "stop" : finish)

        var completion = JSONObject()
        completion["id"] = .string(completionID(fromMessageID: message["id"]?.stringValue))
        completion["object"] = "chat.completion"
        completion["created"] = JSONValue(created)
        completion["model"] = .string(model)
        completion["choices"] = [.object(choice)]
        completion["usage"] = usage.openAIJSON
        completion["system_fingerprint"] = .null
        return .object(completion)
    }

    /// `msg_01ABC` → `chatcmpl-01ABC`, so the two ids can be matched in logs.
    public static func completionID(fromMessageID id: String?) -> String {
        guard let id, !id.isEmpty else { return "chatcmpl-proxy" }
        return "chatcmpl-" + (id.hasPrefix("msg_") ? String(id.dropFirst(4)) : id)
    }
}
