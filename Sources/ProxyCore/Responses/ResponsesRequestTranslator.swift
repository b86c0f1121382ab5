/// Translates an OpenAI Responses API request (`POST /v1/responses`) into an Anthropic Messages
/// request, plus the request fields the Response object echoes and the server acts on.
///
/// Pure, like `ChatRequestTranslator`, and sharing its per-model rules (system prompt identity,
/// prefill, thinking, forced tool choice, sampling parameters). Storage is the server's: `store`,
/// `previous_response_id` and `include` are decoded and surfaced in `TranslatedRequest.responses`;
/// the server passes the stored conversation back in as `history`.
///
/// Decisions on fields Claude cannot honour: `background: true`, `conversation`, `prompt`
/// (stored prompt templates) and built-in tools are refused with a 400 naming the field;
/// `prompt_cache_key`, `service_tier`, `top_logprobs`, `max_tool_calls`, `text.verbosity`,
/// `stream_options` and `truncation: "auto"` are accepted and not honoured (noted).
public enum ResponsesRequestTranslator {
    /// Tool types of OpenAI's hosted tools, which Claude does not have behind this proxy.
    static let builtInToolTypes: Set<String> = [
        "web_search", "web_search_preview", "web_search_2025_08_26", "web_search_preview_2025_03_11",
        "file_search", "code_interpreter", "computer_use_preview", "computer_use", "image_generation", "mcp",
        "local_shell", "shell", "apply_patch", "custom",
    ]

    public static func translate(
        _ body: JSONValue, context: TranslationContext, history: [JSONValue] = []
    ) throws(ProxyError) -> TranslatedRequest {
        guard body.objectValue != nil else {
            throw ProxyError(kind: .invalidRequest, status: 400, message: "The request body must be a JSON object.")
        }
        let request = FieldReader(body)
        let capabilities = context.model.capabilities
        var notes: [String] = []
        try refuseUnsupported(request)

        guard let inputValue = request.field("input") else { throw .missingField("input") }
        let stream = try request.bool("stream") ?? false
        let input = try ResponsesInputTranslator.translate(inputValue, history: history)
        notes += input.notes

        var out = JSONObject()
        out["model"] = .string(context.model.upstreamID)
        out["max_tokens"] = .number(
            Double(try ChatRequestTranslator.maxTokens(request, key: "max_output_tokens", context: context, notes: &notes)))

        var clientSystem: [JSONValue] = []
        if let instructions = try request.string("instructions"), !instructions.isEmpty {
            clientSystem.append(ContentPartTranslator.textBlock(instructions))
        }
        clientSystem += input.system
        let (system, clientPrompt, upstreamPrompt) = ChatRequestTranslator.systemPrompt(
            clientSystem, identity: context.identity)
        if !system.isEmpty { out["system"] = .array(system) }
        guard !input.messages.isEmpty else {
            throw .invalidField("input", "'input' must contain at least one user or assistant message.")
        }
        out["messages"] = .array(
            ChatRequestTranslator.conversation(
                input.messages, capabilities: capabilities, model: context.model.upstreamID, notes: &notes))

        var tools = try Self.tools(request)
        var toolChoice = try Self.toolChoice(request, hasTools: !tools.isEmpty)
        ChatRequestTranslator.declareHistoryTools(tools: &tools, toolChoice: &toolChoice, in: out, notes: &notes)
        var plan = ResponseFormatTranslator.Plan.none
        let textReader = try request.reader("text")
        if let format = try textReader?.reader("format") {
            plan = try ResponseFormatTranslator.plan(textFormat: format, capabilities: capabilities)
        }
        let responseFormatTool = ChatRequestTranslator.applyResponseFormat(
            plan, tools: &tools, toolChoice: &toolChoice, into: &out)

        let reasoning = try request.reader("reasoning")
        if let summary = try reasoning?.string("summary"), !["auto", "concise", "detailed"].contains(summary) {
            throw .invalidField(
                "reasoning.summary", "Invalid value for 'reasoning.summary': '\(summary)'. Expected auto, concise or detailed.")
        }
        let effort = try ReasoningTranslator.effort(request)
        let thinkingOn = ChatRequestTranslator.applyReasoningAndTools(
            effort: effort, explicitThinking: nil, tools: tools, toolChoice: toolChoice,
            into: &out, context: context, notes: &notes)
        try ChatRequestTranslator.samplingParameters(
            request, into: &out, capabilities: capabilities, thinkingOn: thinkingOn, notes: &notes)
        if let user = try ChatRequestTranslator.metadataUserID(request) { out["metadata"] = ["user_id": .string(user)] }
        if stream { out["stream"] = true }
        PromptCachePlanner.apply(to: &out, settings: context.promptCaching)

        var echo = try Self.echo(request, notes: &notes)
        echo.inputItems = input.items
        var translated = TranslatedRequest(
            body: out, stream: stream, model: context.model, responseFormatTool: responseFormatTool,
            clientSystemPrompt: clientPrompt, upstreamSystemPrompt: upstreamPrompt, notes: notes)
        translated.responses = echo
        return translated
    }

    /// Fields whose meaning this proxy cannot deliver, refused rather than silently ignored.
    static func refuseUnsupported(_ request: FieldReader) throws(ProxyError) {
        if try request.bool("background") == true {
            throw .invalidField(
                "background", "'background: true' is not supported here: send the request without it (stream it if it is long).")
        }
        if request.field("conversation") != nil {
            throw .invalidField(
                "conversation",
                "'conversation' is not supported here: continue a conversation with 'previous_response_id', or send the history in 'input'.")
        }
        if request.field("prompt") != nil {
            throw .invalidField(
                "prompt", "Stored prompt templates ('prompt') are not supported here: send 'instructions' and 'input' instead.")
        }
        if let truncation = try request.string("truncation"), !["auto", "disabled"].contains(truncation) {
            throw .invalidField(
                "truncation", "Invalid value for 'truncation': '\(truncation)'. Expected auto or disabled.")
        }
    }

    /// Function tools (flat: `{type:"function", name, description, parameters, strict}`).
    static func tools(_ request: FieldReader) throws(ProxyError) -> [JSONValue] {
        guard let tools = try request.array("tools") else { return [] }
        return try tools.enumerated().map { (index, tool) throws(ProxyError) -> JSONValue in
            let reader = FieldReader(tool, path: "tools[\(index)]")
            guard tool.objectValue != nil else { throw .wrongType(reader.path, expected: "a tool object", got: tool) }
            let type = try reader.requiredString("type")
            guard type == "function" else {
                let hint = builtInToolTypes.contains(type)
                    ? "'\(type)' is an OpenAI built-in tool; Claude has no such built-in tool here."
                    : "Unsupported tool type '\(type)'."
                throw .invalidField(
                    reader.child("type"), "\(hint) Only 'function' tools are supported in '\(reader.child("type"))'.")
            }
            return try ToolTranslator.tool(from: reader)
        }
    }

    /// `auto`, `none`, `required` → `any`, `{type:"function", name}` → that tool;
    /// `parallel_tool_calls: false` → `disable_parallel_tool_use`.
    static func toolChoice(_ request: FieldReader, hasTools: Bool) throws(ProxyError) -> JSONObject? {
        if request.field("tool_choice")?.objectValue != nil, let choice = try request.reader("tool_choice") {
            let type = try choice.requiredString("type")
            guard type == "function" else {
                throw .invalidField(
                    choice.child("type"),
                    "Unsupported value for '\(choice.child("type"))': '\(type)'. Expected \"auto\", \"none\", \"required\" or {\"type\":\"function\",\"name\":…}.")
            }
            _ = try choice.requiredString("name")
        }
        return try ToolTranslator.toolChoice(request, hasTools: hasTools)
    }

    /// The fields the Response object repeats, validated; what is accepted but not honoured is noted.
    static func echo(_ request: FieldReader, notes: inout [String]) throws(ProxyError) -> ResponsesRequestEcho {
        var echo = ResponsesRequestEcho()
        if let instructions = try request.string("instructions") { echo.instructions = .string(instructions) }
        if let tools = request.field("tools") { echo.tools = tools }
        if let choice = request.field("tool_choice") { echo.toolChoice = choice }
        echo.parallelToolCalls = try request.bool("parallel_tool_calls") ?? true
        if let value = try request.number("temperature") { echo.temperature = .number(value) }
        if let value = try request.number("top_p") { echo.topP = .number(value) }
        if let value = try request.integer("max_output_tokens") { echo.maxOutputTokens = JSONValue(value) }
        if let metadata = try request.object("metadata") {
            for (key, value) in metadata.pairs where value.stringValue == nil {
                throw .wrongType("metadata.\(key)", expected: "a string", got: value)
            }
            echo.metadata = .object(metadata)
        }
        if let text = try request.object("text") {
            echo.text = .object(text)
            if text["verbosity"] != nil { notes.append("text.verbosity is not honoured: Claude has no verbosity setting") }
        }
        if let reasoning = try request.object("reasoning") {
            var object = JSONObject([("effort", reasoning["effort"] ?? .null), ("summary", reasoning["summary"] ?? .null)])
            for (key, value) in reasoning.pairs where object[key] == nil { object[key] = value }
            echo.reasoning = .object(object)
        }
        if let truncation = try request.string("truncation") {
            echo.truncation = truncation
            if truncation == "auto" { notes.append("truncation auto is not honoured: an over-long input fails") }
        }
        if let user = try request.string("user") { echo.user = .string(user) }
        if let identifier = try request.string("safety_identifier") { echo.safetyIdentifier = .string(identifier) }
        if let key = try request.string("prompt_cache_key") {
            echo.promptCacheKey = .string(key)
            notes.append("prompt_cache_key ignored: prompt caching is automatic")
        }
        if let tier = try request.string("service_tier"), tier != "auto", tier != "default" {
            notes.append("service_tier \(tier) ignored")
        }
        if let logprobs = try request.integer("top_logprobs"), logprobs > 0 {
            notes.append("top_logprobs ignored: Claude returns no log probabilities")
        }
        if try request.integer("max_tool_calls") != nil { notes.append("max_tool_calls is not enforced") }
        echo.store = try request.bool("store") ?? true
        if let previous = try request.string("previous_response_id") {
            guard !previous.isEmpty else {
                throw .invalidField("previous_response_id", "'previous_response_id' must not be empty.")
            }
            echo.previousResponseID = previous
        }
        if let include = try request.array("include") {
            echo.include = try include.enumerated().map { (index, value) throws(ProxyError) -> String in
                guard let string = value.stringValue else {
                    throw .wrongType("include[\(index)]", expected: "a string", got: value)
                }
                return string
            }
        }
        return echo
    }
}
