/// Builds the Responses API's Response object and its output items, for the non-streaming
/// answer and for the events of a stream alike, so both have exactly the same shape.
public enum ResponseObject {
    /// Where a response stands: `completed`, `incomplete` (with a reason), `failed`, `in_progress`.
    public enum Status: Sendable, Equatable {
        case inProgress
        case completed
        case incomplete(reason: String)
        case failed(ProxyError)

        var name: String {
            switch self {
            case .inProgress: "in_progress"
            case .completed: "completed"
            case .incomplete: "incomplete"
            case .failed: "failed"
            }
        }

        /// Anthropic's stop reason as a Response status: the output cap and the context window
        /// are `max_output_tokens`, a refusal is `content_filter`.
        static func from(stopReason: String?) -> Status {
            switch stopReason {
            case "max_tokens", "model_context_window_exceeded": .incomplete(reason: "max_output_tokens")
            case "refusal": .incomplete(reason: "content_filter")
            default: .completed
            }
        }
    }

    /// The whole Response object.
    static func build(
        id: String, createdAt: Int, model: String, status: Status, output: [JSONValue], usage: Usage?,
        echo: ResponsesRequestEcho
    ) -> JSONValue {
        var response = JSONObject()
        response["id"] = .string(id)
        response["object"] = "response"
        response["created_at"] = JSONValue(createdAt)
        response["status"] = .string(status.name)
        response["background"] = false
        if case .failed(let error) = status {
            response["error"] = ["code": .string(errorCode(error)), "message": .string(error.message)]
        } else {
            response["error"] = .null
        }
        if case .incomplete(let reason) = status {
            response["incomplete_details"] = ["reason": .string(reason)]
        } else {
            response["incomplete_details"] = .null
        }
        response["model"] = .string(model)
        response["output"] = .array(output)
        echo.write(into: &response)
        response["usage"] = usage.map(usageJSON) ?? .null
        return .object(response)
    }

    /// The Response `usage`: input counts the cached tokens too, as OpenAI's does.
    static func usageJSON(_ usage: Usage) -> JSONValue {
        var json = JSONObject()
        json["input_tokens"] = JSONValue(usage.promptTokens)
        json["input_tokens_details"] = [
            "cached_tokens": JSONValue(usage.cacheReadInputTokens),
            "cache_write_tokens": JSONValue(usage.cacheCreationInputTokens),
        ]
        json["output_tokens"] = JSONValue(usage.outputTokens)
        json["output_tokens_details"] = ["reasoning_tokens": JSONValue(usage.thinkingTokens ?? 0)]
        json["total_tokens"] = JSONValue(usage.promptTokens + usage.outputTokens)
        return .object(json)
    }

    /// OpenAI's `ResponseError.code` vocabulary.
    static func errorCode(_ error: ProxyError) -> String {
        switch error.kind {
        case .rateLimit, .billing, .quota: "rate_limit_exceeded"
        case .invalidRequest, .requestTooLarge: "invalid_prompt"
        default: "server_error"
        }
    }

    /// `output_text` content part.
    static func outputText(_ text: String) -> JSONValue {
        ["type": "output_text", "annotations": [], "logprobs": [], "text": .string(text)]
    }

    static func messageItem(id: String, text: String?, status: String) -> JSONValue {
        [
            "id": .string(id), "type": "message", "status": .string(status),
            "content": .array(text.map { [outputText($0)] } ?? []), "role": "assistant",
        ]
    }

    static func reasoningItem(id: String, summary: String?, encryptedContent: String?) -> JSONValue {
        let parts: [JSONValue] = summary.map { [["type": "summary_text", "text": .string($0)]] } ?? []
        var item = JSONObject([("id", .string(id)), ("type", "reasoning"), ("summary", .array(parts))])
        if let encryptedContent { item["encrypted_content"] = .string(encryptedContent) }
        return .object(item)
    }

    static func functionCallItem(id: String, callID: String, name: String, arguments: String, status: String) -> JSONValue {
        [
            "id": .string(id), "type": "function_call", "status": .string(status), "arguments": .string(arguments),
            "call_id": .string(callID), "name": .string(name),
        ]
    }

    /// `response` as a client that did not ask for `reasoning.encrypted_content` receives it.
    public static func withoutEncryptedReasoning(_ response: JSONValue) -> JSONValue {
        guard var object = response.objectValue, let output = object["output"]?.arrayValue else { return response }
        object["output"] = .array(output.map(withoutEncryptedContent))
        return .object(object)
    }

    /// One output item without `encrypted_content` (items of other types are unchanged).
    static func withoutEncryptedContent(_ item: JSONValue) -> JSONValue {
        guard var object = item.objectValue, object["encrypted_content"] != nil else { return item }
        object["encrypted_content"] = nil
        return .object(object)
    }

    /// The response and output index an item id of this proxy names (`rs_X_0` → `resp_X`, 0),
    /// so a client that sends an item back by id can be answered from the store.
    public static func itemLocation(_ itemID: String) -> (responseID: String, outputIndex: Int)? {
        let parts = itemID.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, let index = Int(parts[2]), index >= 0 else { return nil }
        return ("resp_" + parts[1], index)
    }

    /// Item ids derived from the response id (`resp_X` → `msg_X_2`): unique and reproducible.
    static func itemID(prefix: String, responseID: String, outputIndex: Int) -> String {
        let base = responseID.hasPrefix("resp_") ? String(responseID.dropFirst(5)) : responseID
        return "\(prefix)_\(base)_\(outputIndex)"
    }
}
