/// Translates a legacy OpenAI Completions request (`POST /v1/completions`, editors' autocomplete)
/// into an Anthropic Messages request: the prompt becomes one user turn.
///
/// Pure, and built from the chat translator's shared helpers so that `max_tokens`, `stop`,
/// sampling and `user` follow exactly the chat rules. What Claude cannot do (suffix/fill-in,
/// echo, logprobs, several choices or prompts) is a 400 naming the field rather than a silent
/// approximation.
public enum CompletionsRequestTranslator {
    public static func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest {
        guard body.objectValue != nil else {
            throw ProxyError(kind: .invalidRequest, status: 400, message: "The request body must be a JSON object.")
        }
        let request = FieldReader(body)
        try refuseUnsupported(request)
        let prompt = try Self.prompt(request)
        let stream = try request.bool("stream") ?? false
        var notes: [String] = []

        var out = JSONObject()
        out["model"] = .string(context.model.upstreamID)
        out["max_tokens"] = .number(
            Double(try ChatRequestTranslator.maxTokens(request, key: "max_tokens", context: context, notes: &notes)))
        let (system, clientSystem, upstreamSystem) = ChatRequestTranslator.systemPrompt([], identity: context.identity)
        if !system.isEmpty { out["system"] = .array(system) }
        let turn = JSONObject([("role", "user"), ("content", [ContentPartTranslator.textBlock(prompt)])])
        out["messages"] = .array(
            ChatRequestTranslator.conversation(
                [turn], capabilities: context.model.capabilities, model: context.model.upstreamID, notes: &notes))
        try ChatRequestTranslator.samplingParameters(
            request, into: &out, capabilities: context.model.capabilities, thinkingOn: false, notes: &notes)
        if let stops = try ChatRequestTranslator.stopSequences(request), !stops.isEmpty {
            out["stop_sequences"] = .array(stops.map(JSONValue.string))
        }
        if let user = try ChatRequestTranslator.metadataUserID(request) { out["metadata"] = ["user_id": .string(user)] }
        if stream { out["stream"] = true }
        PromptCachePlanner.apply(to: &out, settings: context.promptCaching)
        // presence_penalty, frequency_penalty, logit_bias, seed and stream_options have no
        // Claude counterpart and change nothing a client relies on: accepted and ignored.
        return TranslatedRequest(
            body: out, stream: stream, model: context.model, responseFormatTool: nil,
            clientSystemPrompt: clientSystem, upstreamSystemPrompt: upstreamSystem, notes: notes)
    }

    /// `prompt` as a string or an array of exactly one string. Several prompts would need several
    /// choices, and token arrays need OpenAI's tokenizer.
    static func prompt(_ request: FieldReader) throws(ProxyError) -> String {
        guard let value = request.field("prompt"), value != .null else { throw .missingField("prompt") }
        if let text = value.stringValue { return try nonEmpty(text) }
        if let list = value.arrayValue {
            guard list.count == 1 else {
                throw .invalidField(
                    "prompt",
                    "'prompt' must be one string (or an array of one string); got an array of \(list.count). "
                        + "Send one request per prompt.")
            }
            guard let text = list[0].stringValue else {
                throw .invalidField(
                    "prompt", "'prompt' must be text: token arrays are not supported (Claude uses its own tokenizer).")
            }
            return try nonEmpty(text)
        }
        throw .wrongType("prompt", expected: "a string or an array of one string", got: value)
    }

    private static func nonEmpty(_ text: String) throws(ProxyError) -> String {
        guard !text.isEmpty else { throw .invalidField("prompt", "'prompt' must not be empty.") }
        return text
    }

    /// The fields whose meaning Claude cannot honour: each is a 400 naming it.
    static func refuseUnsupported(_ request: FieldReader) throws(ProxyError) {
        if let suffix = request.field("suffix"), suffix != .null {
            throw .invalidField(
                "suffix", "'suffix' (fill-in-the-middle) is not supported by Claude. Put the text after the cursor in the prompt instead.")
        }
        if try request.bool("echo") == true {
            throw .invalidField("echo", "'echo: true' is not supported. Prepend the prompt to the returned text yourself.")
        }
        if let logprobs = request.field("logprobs"), logprobs != .null {
            throw .invalidField("logprobs", "'logprobs' is not supported: Claude does not return token log probabilities. Omit it.")
        }
        if let bestOf = try request.integer("best_of"), bestOf > 1 {
            throw .invalidField("best_of", "Only best_of=1 is supported: Claude returns one completion per request.")
        }
        if let n = try request.integer("n"), n != 1 {
            throw .invalidField("n", "Only n=1 is supported: Claude returns one choice per request. Send n=1 or omit it.")
        }
    }
}
