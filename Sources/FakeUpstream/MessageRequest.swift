import ProxyCore

/// A validated `/v1/messages` (or `count_tokens`) request, reduced to what the fake needs.
struct MessageRequest: Sendable {
    /// One conversation turn; string content is normalised to a single text block.
    struct Message: Sendable {
        let role: String
        let blocks: [JSONValue]
    }

    /// A tool offered by the client.
    struct Tool: Sendable {
        let name: String
        let inputSchema: JSONValue?
    }

    /// `thinking` parameter (only `enabled`/`adaptive` are kept).
    struct Thinking: Sendable {
        let type: String
        let display: String?
    }

    /// The model id as sent by the client.
    let modelID: String
    let model: FakeModel
    let maxTokens: Int?
    let stream: Bool
    let messages: [Message]
    let tools: [Tool]
    /// `tool_choice.type` (`auto`, `any`, `tool`, `none`) and `tool_choice.name`.
    let toolChoice: (type: String, name: String?)?
    let thinking: Thinking?

    /// Concatenated text (string content and text blocks) of the last user message.
    var lastUserText: String {
        guard let last = messages.last(where: { $0.role == "user" }) else { return "" }
        return last.blocks.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
            .joined(separator: " ")
    }

    /// Text of each `tool_result` block in the final message when it is a user message.
    var finalToolResultTexts: [String] {
        guard let last = messages.last, last.role == "user" else { return [] }
        return last.blocks.filter { $0["type"]?.stringValue == "tool_result" }.map(Self.toolResultText)
    }

    /// True when the last message is a user message carrying plain text (not only tool results).
    var endsWithUserText: Bool {
        guard let last = messages.last, last.role == "user" else { return false }
        return finalToolResultTexts.isEmpty && !lastUserText.isEmpty
    }

    /// Input-token estimate: characters of all message content / 4, at least 1.
    var inputTokenEstimate: Int {
        var characters = 0
        for message in messages {
            for block in message.blocks { characters += Self.characterCount(block) }
        }
        return max(1, characters / 4)
    }

    private static func toolResultText(_ block: JSONValue) -> String {
        switch block["content"] {
        case .string(let text): return text
        case .array(let parts):
            return parts.compactMap { $0["text"]?.stringValue }.joined(separator: " ")
        default: return ""
        }
    }

    private static func characterCount(_ block: JSONValue) -> Int {
        switch block["type"]?.stringValue {
        case "text": return block["text"]?.stringValue?.count ?? 0
        case "thinking": return block["thinking"]?.stringValue?.count ?? 0
        case "tool_use": return (block["name"]?.stringValue?.count ?? 0) + (block["input"].map { JSONWriter.string($0).count } ?? 0)
        case "tool_result": return toolResultText(block).count
        default: return 0
        }
    }
}
