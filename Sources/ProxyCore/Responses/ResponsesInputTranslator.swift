/// Turns a Responses `input` (a string, or a list of items) into Anthropic `system` blocks and
/// alternating user/assistant turns.
///
/// Items: `message` (also the bare `{role, content}` form) with `input_text`, `input_image`,
/// `input_file` and, on assistant turns, `output_text`/`refusal`; `function_call` → `tool_use`;
/// `function_call_output` → `tool_result`; `reasoning` → the signed thinking block recovered from
/// `encrypted_content`. System and developer messages join the system prompt; consecutive
/// same-role items merge into one turn as they arrive, so the work stays linear.
struct ResponsesInputTranslator {
    struct Output {
        var system: [JSONValue] = []
        var messages: [JSONObject] = []
        /// `input` as a list of items (a string input becomes one user message).
        var items: [JSONValue] = []
        var notes: [String] = []
    }

    private var output = Output()
    private var pendingTurn: PendingTurn?

    /// One role's blocks; a user turn keeps its tool results ahead of everything else, as
    /// Anthropic requires, while each group keeps the order the client sent.
    private struct PendingTurn {
        let role: String
        var toolResults: [JSONValue] = []
        var otherBlocks: [JSONValue] = []
    }

    static let unsupportedItemHint =
        "Supported input item types: message, function_call, function_call_output, reasoning."

    /// `history` holds earlier items (a stored conversation) that go before `input`.
    static func translate(_ input: JSONValue, history: [JSONValue] = []) throws(ProxyError) -> Output {
        var translator = ResponsesInputTranslator()
        for (index, item) in history.enumerated() {
            try translator.add(FieldReader(item, path: "previous_response[\(index)]"))
        }
        if let text = input.stringValue {
            let item: JSONValue = ["type": "message", "role": "user", "content": .string(text)]
            translator.output.items = [item]
            try translator.add(FieldReader(item, path: "input"))
        } else if let items = input.arrayValue {
            translator.output.items = items
            for (index, item) in items.enumerated() {
                try translator.add(FieldReader(item, path: "input[\(index)]"))
            }
        } else {
            throw .wrongType("input", expected: "a string or an array of input items", got: input)
        }
        translator.flushTurn()
        if translator.output.messages.first?["role"]?.stringValue == "assistant" {
            translator.output.messages.insert(
                JSONObject([("role", "user"), ("content", [ContentPartTranslator.textBlock("(continue)")])]), at: 0)
        }
        return translator.output
    }

    private mutating func add(_ item: FieldReader) throws(ProxyError) {
        guard item.value.objectValue != nil else {
            throw .wrongType(item.path, expected: "an input item object", got: item.value)
        }
        let type = try item.string("type") ?? (item.field("role") != nil ? "message" : nil)
        switch type {
        case "message":
            try addMessage(item)
        case "function_call":
            let callID = try item.requiredString("call_id")
            let name = try item.requiredString("name")
            let input = try MessageTranslator.arguments(item.field("arguments"), path: item.child("arguments"))
            append(role: "assistant", blocks: [["type": "tool_use", "id": .string(callID), "name": .string(name), "input": input]])
        case "function_call_output":
            let callID = try item.requiredString("call_id")
            append(role: "user", blocks: [try toolResult(id: callID, item: item)])
        case "reasoning":
            // Only thinking this proxy handed out can be replayed; other providers' reasoning
            // (a client that switched models) is dropped rather than refused.
            if let content = try item.string("encrypted_content"), let block = EncryptedReasoning.decode(content) {
                append(role: "assistant", blocks: [block])
            } else {
                output.notes.append("dropped \(item.path): no encrypted_content from this proxy to replay")
            }
        case nil:
            throw .missingField(item.child("type"))
        case "item_reference":
            throw .invalidField(
                item.child("type"),
                "'\(item.child("type"))' is 'item_reference', which is not supported here: send the item itself, or continue a stored response with 'previous_response_id'."
            )
        case let other?:
            throw .invalidField(
                item.child("type"), "Unsupported input item type '\(other)' in '\(item.child("type"))'. \(Self.unsupportedItemHint)")
        }
    }

    private mutating func addMessage(_ item: FieldReader) throws(ProxyError) {
        let role = try item.requiredString("role")
        let content = item.field("content")
        let contentPath = item.child("content")
        switch role {
        case "system", "developer":
            output.system += try blocks(content, path: contentPath, role: role)
        case "user":
            let blocks = try blocks(content, path: contentPath, role: role)
            append(role: "user", blocks: blocks.isEmpty ? [ContentPartTranslator.textBlock("(empty message)")] : blocks)
        case "assistant":
            // Empty assistant turns (a cancelled reply) carry nothing to keep.
            let blocks = try blocks(content, path: contentPath, role: role)
            if !blocks.isEmpty { append(role: "assistant", blocks: blocks) }
        default:
            throw .invalidField(
                item.child("role"),
                "Invalid role '\(role)' in '\(item.child("role"))'. Expected user, assistant, system or developer.")
        }
    }

    /// Message content: a string or a list of content parts.
    private func blocks(_ content: JSONValue?, path: String, role: String) throws(ProxyError) -> [JSONValue] {
        guard let content, !content.isNull else { return [] }
        if let text = content.stringValue { return text.isEmpty ? [] : [ContentPartTranslator.textBlock(text)] }
        guard let parts = content.arrayValue else {
            throw .wrongType(path, expected: "a string or an array of content parts", got: content)
        }
        var blocks: [JSONValue] = []
        for (index, part) in parts.enumerated() {
            if let block = try Self.block(FieldReader(part, path: "\(path)[\(index)]"), role: role) {
                blocks.append(block)
            }
        }
        return blocks
    }

    /// One content part; images and files only where Claude accepts them (user turns and tool results).
    static func block(_ part: FieldReader, role: String) throws(ProxyError) -> JSONValue? {
        guard part.value.objectValue != nil else {
            throw .wrongType(part.path, expected: "a content part object", got: part.value)
        }
        let type = try part.requiredString("type")
        switch type {
        case "input_text", "output_text", "text":
            let text = try part.string("text") ?? ""
            return text.isEmpty ? nil : ContentPartTranslator.textBlock(text)
        case "refusal":
            let text = try part.string("refusal") ?? ""
            return text.isEmpty ? nil : ContentPartTranslator.textBlock(text)
        case "input_image", "input_file":
            guard role == "user" else {
                throw .invalidField(
                    part.child("type"),
                    "'\(type)' is not allowed in a \(role) message ('\(part.path)'): Claude accepts images and files from the user only.")
            }
            return type == "input_image" ? try image(part) : .object(try file(part))
        default:
            throw .invalidField(
                part.child("type"),
                "Unsupported content part type '\(type)' in '\(part.child("type"))'. Supported: input_text, input_image, input_file (PDF), and output_text/refusal in assistant messages."
            )
        }
    }

    private static func image(_ part: FieldReader) throws(ProxyError) -> JSONValue {
        guard let url = try part.string("image_url") else {
            if try part.string("file_id") != nil {
                throw .invalidField(
                    part.child("file_id"),
                    "Uploaded file ids are not supported in '\(part.child("file_id"))': send the image as 'image_url' (a data: URL or an http(s) URL).")
            }
            throw .missingField(part.child("image_url"))
        }
        return ["type": "image", "source": try ContentPartTranslator.imageSource(url, path: part.child("image_url"))]
    }

    private static func file(_ part: FieldReader) throws(ProxyError) -> JSONObject {
        if try part.string("file_data") == nil, try part.string("file_url") == nil, try part.string("file_id") != nil {
            throw .invalidField(
                part.child("file_id"),
                "Uploaded file ids are not supported in '\(part.child("file_id"))': send the PDF as 'file_data' (a base64 data: URL) or 'file_url'.")
        }
        if try part.string("file_data") == nil, let url = try part.string("file_url"),
            !(url.hasPrefix("https://") || url.hasPrefix("http://"))
        {
            throw .invalidField(part.child("file_url"), "'\(part.child("file_url"))' must be an http(s) URL.")
        }
        return try ContentPartTranslator.documentBlock(part)
    }

    /// `output` as a string or a list of content parts.
    private func toolResult(id: String, item: FieldReader) throws(ProxyError) -> JSONValue {
        let content = try blocks(item.field("output"), path: item.child("output"), role: "user")
        var block = JSONObject([("type", "tool_result"), ("tool_use_id", .string(id))])
        if content.isEmpty {
            block["content"] = "(no output)"
        } else if content.count == 1, let text = content[0]["text"] {
            block["content"] = text
        } else {
            block["content"] = .array(content)
        }
        return .object(block)
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
        output.messages.append(
            JSONObject([("role", .string(turn.role)), ("content", .array(turn.toolResults + turn.otherBlocks))]))
    }
}
