/// Makes a conversation that carries tool history valid for Claude when the client's request, as
/// OpenAI would accept it, is not.
///
/// Two shapes real agent libraries send: tool calls and results in the history with no `tools`
/// declared (AutoGen's reflection step, a LangChain model with no tools bound summarising an
/// agent's run), and reasoning on in a tool loop from a client that does not send the signed
/// thinking back (LangChain, the OpenAI Agents SDK; pydantic-ai sends it unsigned). Claude rejects
/// both; OpenAI does not, so the proxy repairs them.
enum ToolHistoryRepair {
    /// Declarations for every tool the history uses, for a request that declares none: the
    /// schema is open because only the name is known, and `tool_choice` none keeps them unused.
    static func declarations(for messages: [JSONValue]) -> [JSONValue] {
        var names: [String] = []
        var seen = Set<String>()
        for message in messages {
            guard case .array(let blocks)? = message["content"] else { continue }
            for block in blocks where block["type"]?.stringValue == "tool_use" {
                if let name = block["name"]?.stringValue, seen.insert(name).inserted { names.append(name) }
            }
        }
        return names.map { name in
            [
                "name": .string(name),
                "description": "Used earlier in this conversation; declared by the proxy so the history stays valid.",
                "input_schema": ["type": "object"],
            ]
        }
    }

    /// True when the assistant turn that made the latest tool calls (answered by the last user
    /// turn's tool results) does not open with a thinking block, which Claude requires while
    /// thinking is on.
    static func toolLoopLacksThinking(_ messages: [JSONValue]) -> Bool {
        guard let lastUser = messages.lastIndex(where: { $0["role"]?.stringValue == "user" }), lastUser > 0,
            case .array(let userBlocks)? = messages[lastUser]["content"],
            userBlocks.contains(where: { $0["type"]?.stringValue == "tool_result" }),
            messages[lastUser - 1]["role"]?.stringValue == "assistant",
            case .array(let assistantBlocks)? = messages[lastUser - 1]["content"]
        else { return false }
        let first = assistantBlocks.first?["type"]?.stringValue
        return first != "thinking" && first != "redacted_thinking"
    }
}
