/// Turns OpenAI `messages` into Anthropic `system` blocks and alternating user/assistant turns.
///
/// System and developer messages, wherever they stand, are hoisted into the system prompt in
/// order; tool results are grouped into one user turn; consecutive same-role turns are merged;
/// a conversation that opens with the assistant gets a short user turn before it.
struct MessageTranslator {
    struct Output {
        var system: [JSONValue] = []
        var messages: [JSONObject] = []
    }

    private var output = Output()
    /// The turn being built: consecutive same-role messages collect here and become one turn
    /// when the role changes, so merging stays linear however many messages a client sends.
    private var pendingTurn: PendingTurn?
    /// Ids of legacy `function_call`s waiting for their `function` result, by function name.
    private var pendingFunctionCalls: [String: FunctionCallQueue] = [:]
    private var generatedIDs = 0

    /// One role's blocks; a user turn keeps its tool results ahead of everything else, as
    /// Anthropic requires, while each group keeps the order the client sent.
    private struct PendingTurn {
        let role: String
        var toolResults: [JSONValue] = []
        var otherBlocks: [JSONValue] = []

        var blocks: [JSONValue] { toolResults + otherBlocks }
    }

    /// First in, first out without shifting the array on every removal.
    private struct FunctionCallQueue {
        var ids: [String] = []
        var next = 0

        mutating func pop() -> String? {
            guard next < ids.count else { return nil }
            defer { next += 1 }
            return ids[next]
        }
    }

    static func translate(_ messages: [JSONValue]) throws(ProxyError) -> Output {
        var translator = MessageTranslator()
        for (index, message) in messages.enumerated() {
            try translator.add(FieldReader(message, path: "messages[\(index)]"))
        }
        translator.flushTurn()
        translator.ensureStartsWithUser()
        return translator.output
    }

    private mutating func add(_ message: FieldReader) throws(ProxyError) {
        guard message.value.objectValue != nil else {
            throw .wrongType(message.path, expected: "a message object", got: message.value)
        }
        let role = try message.requiredString("role")
        switch role {
        case "system", "developer":
            let blocks = try ContentPartTranslator.blocks(
                from: message.field("content"), path: message.child("content"), allowImages: false)
            output.system.append(contentsOf: blocks)
        case "user":
            var blocks = try ContentPartTranslator.blocks(from: message.field("content"), path: message.child("content"))
            if let name = try message.string("name"), !name.isEmpty {
                blocks = prefixFirstText(of: blocks, with: "\(name): ")
            }
            append(role: "user", blocks: blocks.isEmpty ? [ContentPartTranslator.textBlock("(empty message)")] : blocks)
        case "assistant":
            try addAssistant(message)
        case "tool":
            let toolCallID = try message.requiredString("tool_call_id")
            append(role: "user", blocks: [try toolResult(id: toolCallID, message: message)])
        case "function":
            let name = try message.requiredString("name")
            guard let id = pendingFunctionCalls[name]?.pop() else {
                throw .invalidField(
                    message.child("name"), "No earlier assistant function_call named '\(name)' for '\(message.path)'.")
            }
            append(role: "user", blocks: [try toolResult(id: id, message: message)])
        default:
            throw .invalidField(
                message.child("role"),
                "Invalid role '\(role)' in '\(message.child("role"))'. Expected system, developer, user, assistant or tool."
            )
        }
    }

    private mutating func addAssistant(_ message: FieldReader) throws(ProxyError) {
        var blocks: [JSONValue] = []
        if let thinkingBlocks = try message.array("thinking_blocks") {
            for (index, block) in thinkingBlocks.enumerated() {
                if let replayed = try replayedThinking(block, path: message.child("thinking_blocks[\(index)]")) {
                    blocks.append(replayed)
                }
            }
        }
        blocks += try ContentPartTranslator.blocks(
            from: message.field("content"), path: message.child("content"), allowImages: false)
        if let toolCalls = try message.array("tool_calls") {
            for (index, call) in toolCalls.enumerated() {
                blocks.append(try toolUse(FieldReader(call, path: message.child("tool_calls[\(index)]"))))
            }
        }
        if let functionCall = try message.reader("function_call") {
            let name = try functionCall.requiredString("name")
            generatedIDs += 1
            let id = "call_function_\(generatedIDs)"
            pendingFunctionCalls[name, default: FunctionCallQueue()].ids.append(id)
            let input = try Self.arguments(functionCall.field("arguments"), path: functionCall.child("arguments"))
            blocks.append(["type": "tool_use", "id": .string(id), "name": .string(name), "input": input])
        }
        // Clients send empty assistant turns (a cancelled reply); they carry nothing to keep.
        guard !blocks.isEmpty else { return }
        append(role: "assistant", blocks: blocks)
    }

    private func replayedThinking(_ block: JSONValue, path: String) throws(ProxyError) -> JSONValue? {
        let reader = FieldReader(block, path: path)
        switch try reader.string("type") {
        case "thinking":
            // Unsigned thinking cannot be replayed: the API rejects it.
            guard let signature = try reader.string("signature"), !signature.isEmpty else { return nil }
            return [
                "type": "thinking", "thinking": .string(try reader.string("thinking") ?? ""),
                "signature": .string(signature),
            ]
        case "redacted_thinking":
            guard let data = try reader.string("data") else { return nil }
            return ["type": "redacted_thinking", "data": .string(data)]
        default:
            return nil
        }
    }

    private func toolUse(_ call: FieldReader) throws(ProxyError) -> JSONValue {
        let id = try call.requiredString("id")
        guard let function = try call.reader("function") else { throw .missingField(call.child("function")) }
        let name = try function.requiredString("name")
        let input = try Self.arguments(function.field("arguments"), path: function.child("arguments"))
        return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
    }

    /// Tool-call arguments are a JSON string holding an object; an empty string means `{}`.
    static func arguments(_ value: JSONValue?, path: String) throws(ProxyError) -> JSONValue {
        guard let value, !value.isNull else { return .object(JSONObject()) }
        if case .object = value { return value }
        guard let text = value.stringValue else { throw .wrongType(path, expected: "a JSON string", got: value) }
        if text.trimmingSpaces().isEmpty { return .object(JSONObject()) }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(text)
        } catch {
            throw .invalidField(path, "Invalid JSON in '\(path)': \(error.reason) at byte \(error.offset).")
        }
        guard case .object = parsed else {
            throw .invalidField(path, "'\(path)' must be a JSON object, got \(parsed.typeName).")
        }
        return parsed
    }

    private func toolResult(id: String, message: FieldReader) throws(ProxyError) -> JSONValue {
        let content = try ContentPartTranslator.blocks(from: message.field("content"), path: message.child("content"))
        var block = JSONObject([("type", "tool_result"), ("tool_use_id", .string(id))])
        if content.isEmpty {
            block["content"] = "(no output)"
        } else if content.count == 1, let text = content[0]["text"], content[0]["cache_control"] == nil {
            block["content"] = text
        } else {
            block["content"] = .array(content)
        }
        return .object(block)
    }

    private func prefixFirstText(of blocks: [JSONValue], with prefix: String) -> [JSONValue] {
        var blocks = blocks
        if let index = blocks.firstIndex(where: { $0["type"]?.stringValue == "text" }),
            case .object(var object) = blocks[index], let text = object["text"]?.stringValue
        {
            object["text"] = .string(prefix + text)
            blocks[index] = .object(object)
        }
        return blocks
    }

    private mutating func append(role: String, blocks: [JSONValue]) {
        if pendingTurn?.role != role {
            flushTurn()
            pendingTurn = PendingTurn(role: role)
        }
        for block in blocks {
            if role == "user", block["type"]?.stringValue == "tool_result" {
                pendingTurn?.toolResults.append(block)
            } else {
                pendingTurn?.otherBlocks.append(block)
            }
        }
    }

    private mutating func flushTurn() {
        guard let turn = pendingTurn else { return }
        pendingTurn = nil
        output.messages.append(JSONObject([("role", .string(turn.role)), ("content", .array(turn.blocks))]))
    }

    private mutating func ensureStartsWithUser() {
        if output.messages.first?["role"]?.stringValue == "assistant" {
            output.messages.insert(
                JSONObject([("role", "user"), ("content", [ContentPartTranslator.textBlock("(continue)")])]), at: 0)
        }
    }
}
