/// Adds cache breakpoints to a long prompt: the system prompt, the tool list and the latest
/// user turns, never more than the API's four in all (the client's own `cache_control` count).
enum PromptCachePlanner {
    static let maximumBreakpoints = 4
    static let ephemeral: JSONValue = ["type": "ephemeral"]

    static func apply(to body: inout JSONObject, settings: PromptCachingSettings) {
        guard settings.automatic else { return }
        let existing = countBreakpoints(.object(body))
        guard existing < maximumBreakpoints, promptCharacters(.object(body)) >= settings.minimumCharacters else { return }
        var budget = maximumBreakpoints - existing

        if budget > 0, case .array(var system) = body["system"], !system.isEmpty, markLast(&system) {
            body["system"] = .array(system)
            budget -= 1
        }
        if budget > 0, case .array(var tools) = body["tools"], !tools.isEmpty, markLast(&tools) {
            body["tools"] = .array(tools)
            budget -= 1
        }
        guard budget > 0, case .array(var messages) = body["messages"] else { return }
        // The last user turn caches the conversation so far; the one before keeps the previous
        // request's cache entry readable.
        let userTurns = messages.indices.filter { messages[$0]["role"]?.stringValue == "user" }.suffix(min(budget, 2))
        for index in userTurns.reversed() {
            guard case .object(var message) = messages[index], case .array(var content) = message["content"],
                markLast(&content)
            else { continue }
            message["content"] = .array(content)
            messages[index] = .object(message)
        }
        body["messages"] = .array(messages)
    }

    /// Marks the last block; false when it already carries a marker or cannot carry one.
    private static func markLast(_ blocks: inout [JSONValue]) -> Bool {
        guard case .object(var block) = blocks[blocks.count - 1], block["cache_control"] == nil else { return false }
        let type = block["type"]?.stringValue
        if type == "thinking" || type == "redacted_thinking" { return false }
        if case .string(let text) = block["text"], text.isEmpty { return false }
        block["cache_control"] = ephemeral
        blocks[blocks.count - 1] = .object(block)
        return true
    }

    static func countBreakpoints(_ value: JSONValue) -> Int {
        switch value {
        case .object(let object):
            return (object["cache_control"] != nil ? 1 : 0)
                + object.pairs.reduce(0) { $0 + ($1.key == "cache_control" ? 0 : countBreakpoints($1.value)) }
        case .array(let items):
            return items.reduce(0) { $0 + countBreakpoints($1) }
        default:
            return 0
        }
    }

    static func promptCharacters(_ value: JSONValue) -> Int {
        switch value {
        case .string(let text): return text.utf8.count
        case .object(let object): return object.pairs.reduce(0) { $0 + promptCharacters($1.value) }
        case .array(let items): return items.reduce(0) { $0 + promptCharacters($1) }
        default: return 0
        }
    }
}
