/// Translates an OpenAI Chat Completions request body into an Anthropic Messages request.
///
/// Pure: the resolved model (with its capabilities), identity and caching settings come in the
/// `TranslationContext`. Every field a real client sends is either mapped or tolerated; only what
/// cannot be honoured is a 400 naming the field.
public enum ChatRequestTranslator {
    public static func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest {
        guard body.objectValue != nil else {
            throw ProxyError(kind: .invalidRequest, status: 400, message: "The request body must be a JSON object.")
        }
        let request = FieldReader(body)
        let capabilities = context.model.capabilities
        var notes: [String] = []

        guard let messages = try request.array("messages") else { throw .missingField("messages") }
        guard !messages.isEmpty else { throw .invalidField("messages", "'messages' must contain at least one message.") }
        if let n = try request.integer("n"), n != 1 {
            throw .invalidField("n", "Only n=1 is supported: Claude returns one choice per request. Send n=1 or omit it.")
        }
        let stream = try request.bool("stream") ?? false
        let translated = try MessageTranslator.translate(messages)
        guard !translated.messages.isEmpty else {
            throw .invalidField("messages", "'messages' must contain at least one user or assistant message.")
        }

        var out = JSONObject()
        out["model"] = .string(context.model.upstreamID)
        out["max_tokens"] = .number(Double(try maxTokens(request, context: context, notes: &notes)))

        let (system, clientSystem, upstreamSystem) = systemPrompt(translated.system, identity: context.identity)
        if !system.isEmpty { out["system"] = .array(system) }

        out["messages"] = .array(
            conversation(translated.messages, capabilities: capabilities, model: context.model.upstreamID, notes: &notes))

        var tools = try ToolTranslator.tools(request)
        var toolChoice = try ToolTranslator.toolChoice(request, hasTools: !tools.isEmpty)
        declareHistoryTools(tools: &tools, toolChoice: &toolChoice, in: out, notes: &notes)
        let plan = try ResponseFormatTranslator.plan(request, capabilities: capabilities)
        let responseFormatTool = applyResponseFormat(plan, tools: &tools, toolChoice: &toolChoice, into: &out)

        let effort = try ReasoningTranslator.effort(request)
        var explicitThinking: JSONValue?
        if let explicit = request.field("thinking"), explicit.objectValue != nil { explicitThinking = explicit }
        let thinkingOn = applyReasoningAndTools(
            effort: effort, explicitThinking: explicitThinking, tools: tools, toolChoice: toolChoice, into: &out,
            context: context, notes: &notes)

        try samplingParameters(request, into: &out, capabilities: capabilities, thinkingOn: thinkingOn, notes: &notes)
        if let stops = try stopSequences(request), !stops.isEmpty { out["stop_sequences"] = .array(stops.map(JSONValue.string)) }
        if let user = try metadataUserID(request) { out["metadata"] = ["user_id": .string(user)] }
        if let cacheControl = request.field("cache_control") { out["cache_control"] = cacheControl }
        if stream { out["stream"] = true }
        PromptCachePlanner.apply(to: &out, settings: context.promptCaching)

        return TranslatedRequest(
            body: out, stream: stream, model: context.model, responseFormatTool: responseFormatTool,
            clientSystemPrompt: clientSystem, upstreamSystemPrompt: upstreamSystem, notes: notes)
    }

    /// The conversation as sent upstream: a trailing assistant turn (prefill) becomes history
    /// followed by a short user turn on models that reject prefill.
    static func conversation(
        _ messages: [JSONObject], capabilities: ModelCapabilities, model: String, notes: inout [String]
    ) -> [JSONValue] {
        var conversation = messages
        if conversation.last?["role"]?.stringValue == "assistant", !capabilities.assistantPrefill {
            // The model rejects prefill; keep the assistant text as history and ask it to go on.
            conversation.append(JSONObject([("role", "user"), ("content", [ContentPartTranslator.textBlock("Continue.")])]))
            notes.append("assistant prefill is not supported by \(model): added a user turn")
        }
        return conversation.map(JSONValue.object)
    }

    /// A request that declares no tools but carries tool history gets declarations for the tools
    /// it used, with `tool_choice` none (`ToolHistoryRepair`).
    static func declareHistoryTools(
        tools: inout [JSONValue], toolChoice: inout JSONObject?, in out: JSONObject, notes: inout [String]
    ) {
        guard tools.isEmpty, let messages = out["messages"]?.arrayValue else { return }
        tools = ToolHistoryRepair.declarations(for: messages)
        guard !tools.isEmpty else { return }
        toolChoice = JSONObject([("type", "none")])
        notes.append("declared the tools used in the history (the request had none) with tool_choice none")
    }

    /// Structured outputs go into `output_config.format`; a forced tool joins the tools and is
    /// chosen. Returns the forced tool's name: its input is the answer.
    static func applyResponseFormat(
        _ plan: ResponseFormatTranslator.Plan, tools: inout [JSONValue], toolChoice: inout JSONObject?,
        into out: inout JSONObject
    ) -> String? {
        switch plan {
        case .none:
            return nil
        case .structuredOutput(let format):
            out["output_config"] = ["format": format]
            return nil
        case .forcedTool(let name, let schema):
            tools.append(["name": .string(name), "description": "Respond with the answer as this tool's input.", "input_schema": schema])
            toolChoice = JSONObject([("type", "tool"), ("name", .string(name))])
            return name
        }
    }

    /// Thinking, effort, tools and tool choice with the per-model rules (forced tool choice is
    /// relaxed to auto where thinking or the model forbids it). Returns whether thinking is on.
    static func applyReasoningAndTools(
        effort: String?, explicitThinking: JSONValue?, tools: [JSONValue], toolChoice: JSONObject?,
        into out: inout JSONObject, context: TranslationContext, notes: inout [String]
    ) -> Bool {
        let capabilities = context.model.capabilities
        let maxTokens = out["max_tokens"]?.intValue ?? context.fallbackMaxTokens
        let reasoning = ReasoningTranslator.translate(effort: effort, maxTokens: maxTokens, capabilities: capabilities)
        notes += reasoning.notes
        var thinking = explicitThinking ?? reasoning.thinking
        var effort = reasoning.effort
        if let requested = thinking, requested["type"]?.stringValue != "disabled",
            let messages = out["messages"]?.arrayValue, ToolHistoryRepair.toolLoopLacksThinking(messages)
        {
            thinking = nil
            effort = nil
            notes.append(
                "thinking off for this turn: the client did not send back the signed thinking of its last tool call "
                    + "(thinking_blocks / a reasoning item), which Claude requires while thinking is on")
        }
        if let thinking { out["thinking"] = thinking }
        if let effort {
            var config = out["output_config"]?.objectValue ?? JSONObject()
            config["effort"] = .string(effort)
            out["output_config"] = .object(config)
        }
        let thinkingOn = thinking.map { $0["type"]?.stringValue != "disabled" } ?? false

        var toolChoice = toolChoice
        if var choice = toolChoice {
            let forced = ["any", "tool"].contains(choice["type"]?.stringValue ?? "")
            if forced && (thinkingOn || !capabilities.forcedToolChoice) {
                // Forced tool use is rejected with thinking on (and on some models at all).
                choice["type"] = "auto"
                choice["name"] = nil
                notes.append("tool_choice forced → auto: not allowed with thinking on this model")
            }
            toolChoice = choice
        }
        if !tools.isEmpty { out["tools"] = .array(tools) }
        if let toolChoice { out["tool_choice"] = .object(toolChoice) }
        return thinkingOn
    }

    /// `user` (or `safety_identifier`) as Anthropic's `metadata.user_id`; e-mail addresses are
    /// not forwarded (the API rejects personal data there).
    static func metadataUserID(_ request: FieldReader) throws(ProxyError) -> String? {
        let userField = try request.string("user")
        let safetyIdentifier = try request.string("safety_identifier")
        guard let user = userField ?? safetyIdentifier, !user.isEmpty, !user.contains("@") else { return nil }
        return user
    }

    /// The output cap: the client's `key` (chat's `max_completion_tokens` or `max_tokens` when nil),
    /// capped at the model's maximum; the configured fallback when absent.
    static func maxTokens(
        _ request: FieldReader, key: String? = nil, context: TranslationContext, notes: inout [String]
    ) throws(ProxyError) -> Int {
        let key = key ?? (request.field("max_completion_tokens") != nil ? "max_completion_tokens" : "max_tokens")
        let modelMax = context.model.info?.maxOutputTokens
        guard let requested = try request.integer(key) else {
            return min(modelMax ?? context.fallbackMaxTokens, context.fallbackMaxTokens)
        }
        guard requested > 0 else { throw .invalidField(key, "'\(key)' must be at least 1, got \(requested).") }
        if let modelMax, requested > modelMax {
            notes.append("\(key) \(requested) capped at the model's maximum \(modelMax)")
            return modelMax
        }
        return requested
    }

    /// Combines the client's system prompt with the configured identity.
    static func systemPrompt(_ client: [JSONValue], identity: IdentitySettings) -> (
        blocks: [JSONValue], client: String?, upstream: String?
    ) {
        let joined: ([JSONValue]) -> String? = { blocks in
            let texts = blocks.compactMap { $0["text"]?.stringValue }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        }
        var blocks = client
        if let prompt = identity.systemPrompt, !prompt.isEmpty {
            let identityBlock = ContentPartTranslator.textBlock(prompt)
            switch identity.mode {
            case .default: if client.isEmpty { blocks = [identityBlock] }
            case .prepend: blocks = [identityBlock] + client
            case .replace: blocks = [identityBlock]
            }
        }
        return (blocks, joined(client), joined(blocks))
    }

    static func samplingParameters(
        _ request: FieldReader, into out: inout JSONObject, capabilities: ModelCapabilities, thinkingOn: Bool,
        notes: inout [String]
    ) throws(ProxyError) {
        let temperature = try request.number("temperature")
        let topP = try request.number("top_p")
        let topK = try request.integer("top_k")
        if let temperature, !(0...2).contains(temperature) {
            throw .invalidField("temperature", "'temperature' must be between 0 and 2, got \(temperature).")
        }
        if let topP, !(0...1).contains(topP) {
            throw .invalidField("top_p", "'top_p' must be between 0 and 1, got \(topP).")
        }
        guard temperature != nil || topP != nil || topK != nil else { return }
        guard capabilities.samplingParameters else {
            notes.append("dropped temperature/top_p/top_k: not accepted by this model")
            return
        }
        guard !thinkingOn else {
            notes.append("dropped temperature/top_p/top_k: not accepted with thinking")
            return
        }
        if let temperature {
            // OpenAI's range is 0–2, Claude's 0–1: cap as Anthropic's own compatibility layer does.
            out["temperature"] = .number(min(temperature, 1))
            if topP != nil { notes.append("dropped top_p: Claude models take temperature or top_p, not both") }
        } else if let topP {
            out["top_p"] = .number(topP)
        }
        if let topK { out["top_k"] = .number(Double(topK)) }
    }

    /// `stop` as a string or a list; empty and whitespace-only entries are dropped (the API rejects them).
    static func stopSequences(_ request: FieldReader) throws(ProxyError) -> [String]? {
        guard let stop = request.field("stop") else { return nil }
        let values: [String]
        if let single = stop.stringValue {
            values = [single]
        } else if let list = stop.arrayValue {
            values = try list.enumerated().map { (index, item) throws(ProxyError) -> String in
                guard let string = item.stringValue else { throw .wrongType("stop[\(index)]", expected: "a string", got: item) }
                return string
            }
        } else {
            throw .wrongType("stop", expected: "a string or an array of strings", got: stop)
        }
        return values.filter { !$0.trimmingSpaces().isEmpty }
    }
}
