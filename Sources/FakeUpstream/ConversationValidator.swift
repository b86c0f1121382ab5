import ProxyCore

/// Validates the `messages` array: roles, alternation, non-empty content, block types and
/// `tool_use` ↔ `tool_result` pairing.
enum ConversationValidator {
    private static let blockTypes: Set<String> = [
        "text", "image", "document", "search_result", "tool_use", "tool_result", "thinking",
        "redacted_thinking", "server_tool_use", "web_search_tool_result", "web_fetch_tool_result",
        "code_execution_tool_result", "bash_code_execution_tool_result",
        "text_editor_code_execution_tool_result", "tool_search_tool_result", "container_upload",
        "mid_conv_system", "mcp_tool_use", "mcp_tool_result",
    ]

    static func validate(_ value: JSONValue?) throws(FakeAPIError) -> [MessageRequest.Message] {
        guard let value else { throw .invalidRequest("messages: Field required") }
        guard let items = value.arrayValue else { throw .invalidRequest("messages: Input should be a valid list") }
        guard !items.isEmpty else { throw .invalidRequest("messages: at least one message is required") }

        var messages: [MessageRequest.Message] = []
        messages.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard item.objectValue != nil else {
                throw .invalidRequest("messages.\(index): Input should be a valid dictionary")
            }
            guard let roleValue = item["role"] else { throw .invalidRequest("messages.\(index).role: Field required") }
            guard let role = roleValue.stringValue, role == "user" || role == "assistant" else {
                throw .invalidRequest("messages.\(index).role: Input should be 'user' or 'assistant'")
            }
            let blocks = try normalisedBlocks(item["content"], index: index)
            let isFinalAssistant = role == "assistant" && index == items.count - 1
            if blocks.isEmpty && !isFinalAssistant {
                throw .invalidRequest(
                    "messages.\(index): all messages must have non-empty content except for the optional final assistant message"
                )
            }
            messages.append(.init(role: role, blocks: blocks))
        }

        if messages[0].role != "user" {
            throw .invalidRequest("messages: first message must use the \"user\" role")
        }
        for index in messages.indices.dropFirst() where messages[index].role == messages[index - 1].role {
            throw .invalidRequest(
                "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"\(messages[index].role)\" roles in a row"
            )
        }
        try validateToolPairing(messages)
        return messages
    }

    /// String content becomes one text block (empty string → no blocks); arrays are checked block by block.
    private static func normalisedBlocks(_ content: JSONValue?, index: Int) throws(FakeAPIError) -> [JSONValue] {
        switch content {
        case nil:
            throw .invalidRequest("messages.\(index).content: Field required")
        case .string(let text)?:
            return text.isEmpty ? [] : [["type": .string("text"), "text": .string(text)]]
        case .array(let blocks)?:
            for (blockIndex, block) in blocks.enumerated() {
                try validateBlock(block, path: "messages.\(index).content.\(blockIndex)")
            }
            return blocks
        default:
            throw .invalidRequest("messages.\(index).content: Input should be a valid list or string")
        }
    }

    private static func validateBlock(_ block: JSONValue, path: String) throws(FakeAPIError) {
        guard block.objectValue != nil else { throw .invalidRequest("\(path): Input should be a valid dictionary") }
        guard let type = block["type"]?.stringValue else { throw .invalidRequest("\(path).type: Field required") }
        guard blockTypes.contains(type) else {
            throw .invalidRequest(
                "\(path): Input tag '\(type)' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', …"
            )
        }
        switch type {
        case "text":
            guard let text = block["text"]?.stringValue else { throw .invalidRequest("\(path).text: Field required") }
            if text.isEmpty { throw .invalidRequest("messages: text content blocks must be non-empty") }
        case "image", "document":
            guard let source = block["source"], source.objectValue != nil else {
                throw .invalidRequest("\(path).\(type).source: Field required")
            }
            let sourceTypes: Set<String> = ["base64", "url", "file", "text", "content"]
            guard let sourceType = source["type"]?.stringValue, sourceTypes.contains(sourceType) else {
                throw .invalidRequest("\(path).\(type).source.type: Input should be 'base64', 'url' or 'file'")
            }
            if sourceType == "base64", source["data"]?.stringValue == nil || source["media_type"]?.stringValue == nil {
                throw .invalidRequest("\(path).\(type).source.base64: `data` and `media_type` are required")
            }
        case "tool_use":
            guard block["id"]?.stringValue != nil else { throw .invalidRequest("\(path).tool_use.id: Field required") }
            guard block["name"]?.stringValue != nil else { throw .invalidRequest("\(path).tool_use.name: Field required") }
            guard block["input"]?.objectValue != nil else {
                throw .invalidRequest("\(path).tool_use.input: Input should be a valid dictionary")
            }
        case "tool_result":
            guard block["tool_use_id"]?.stringValue != nil else {
                throw .invalidRequest("\(path).tool_result.tool_use_id: Field required")
            }
            switch block["content"] {
            case nil, .string?, .array?: break
            default: throw .invalidRequest("\(path).tool_result.content: Input should be a valid list or string")
            }
        case "thinking":
            guard block["thinking"]?.stringValue != nil, block["signature"]?.stringValue != nil else {
                throw .invalidRequest("\(path).thinking.signature: Field required")
            }
        default:
            break
        }
    }

    /// Every `tool_result` must answer a `tool_use` of the previous assistant message, and every
    /// `tool_use` must be answered in the next message (when there is one).
    private static func validateToolPairing(_ messages: [MessageRequest.Message]) throws(FakeAPIError) {
        for (index, message) in messages.enumerated() where message.role == "user" {
            let previousIDs = index > 0 ? toolUseIDs(messages[index - 1]) : []
            for (blockIndex, block) in message.blocks.enumerated() where block["type"]?.stringValue == "tool_result" {
                let id = block["tool_use_id"]?.stringValue ?? ""
                if !previousIDs.contains(id) {
                    throw .invalidRequest(
                        "messages.\(index).content.\(blockIndex): unexpected `tool_use_id` found in `tool_result` blocks: \(id). Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
                    )
                }
            }
        }
        for (index, message) in messages.enumerated() where message.role == "assistant" && index + 1 < messages.count {
            let answered = Set(messages[index + 1].blocks.compactMap { block -> String? in
                block["type"]?.stringValue == "tool_result" ? block["tool_use_id"]?.stringValue : nil
            })
            let missing = toolUseIDs(message).filter { !answered.contains($0) }
            if !missing.isEmpty {
                throw .invalidRequest(
                    "messages.\(index + 1): `tool_use` ids were found without `tool_result` blocks immediately after: \(missing.joined(separator: ", ")). Each `tool_use` block must have a corresponding `tool_result` block in the next message."
                )
            }
        }
    }

    private static func toolUseIDs(_ message: MessageRequest.Message) -> [String] {
        guard message.role == "assistant" else { return [] }
        return message.blocks.compactMap { $0["type"]?.stringValue == "tool_use" ? $0["id"]?.stringValue : nil }
    }
}
