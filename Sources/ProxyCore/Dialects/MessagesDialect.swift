/// Anthropic's own Messages API (`POST /v1/messages`), passed through so Anthropic-SDK apps share
/// the proxy's credentials, retries, failover and dashboard.
///
/// The body goes upstream as the client wrote it: only the model alias is resolved and the
/// configured identity applied to `system`. Answers and streams come back unchanged, and errors
/// in Anthropic's shape (529 stays 529).
public struct MessagesDialect: Dialect {
    /// `POST /v1/messages`, or `POST /v1/messages/count_tokens` (same body rules, no stream).
    public let operation: UpstreamRoute.Operation

    public init(operation: UpstreamRoute.Operation = .messages) {
        self.operation = operation
    }

    public var name: String { operation == .countTokens ? "count_tokens" : "messages" }
    public var errorShape: ErrorShape { .anthropic }
    /// Beta features the client opts into; its credential headers are never forwarded.
    public var forwardedHeaders: [String] { ["anthropic-beta"] }

    public func identity(created: Int) -> ResponseIdentity { ResponseIdentity(id: "", created: created) }

    public func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest {
        guard var object = body.objectValue else {
            throw ProxyError(kind: .invalidRequest, status: 400, message: "The request body must be a JSON object.")
        }
        object["model"] = .string(context.model.upstreamID)
        var stream: Bool
        switch object["stream"] {
        case nil, .null?: stream = false
        case .bool(let value)?: stream = value
        case let other?: throw .wrongType("stream", expected: "a boolean", got: other)
        }
        if operation == .countTokens { stream = false }
        let clientSystem: [JSONValue]
        switch object["system"] {
        case nil, .null?: clientSystem = []
        case .string(let text)?: clientSystem = text.isEmpty ? [] : [ContentPartTranslator.textBlock(text)]
        case .array(let blocks)?: clientSystem = blocks
        case let other?: throw .wrongType("system", expected: "a string or an array of text blocks", got: other)
        }
        let (system, clientPrompt, upstreamPrompt) = ChatRequestTranslator.systemPrompt(
            clientSystem, identity: context.identity)
        if system != clientSystem { object["system"] = system.isEmpty ? nil : .array(system) }
        return TranslatedRequest(
            body: object, stream: stream, model: context.model, responseFormatTool: nil,
            clientSystemPrompt: clientPrompt, upstreamSystemPrompt: upstreamPrompt, notes: [])
    }

    public func response(to message: JSONValue, for request: TranslatedRequest, identity: ResponseIdentity) -> JSONValue {
        // Bedrock's CountTokens answers `{"inputTokens":N}`; clients expect Anthropic's name.
        if operation == .countTokens, message["input_tokens"] == nil, let count = message["inputTokens"] {
            return .object(JSONObject([("input_tokens", count)]))
        }
        return message
    }

    public func streamTranslator(
        for request: TranslatedRequest, identity: ResponseIdentity, observing: Bool
    ) -> MessagesStreamRelay {
        MessagesStreamRelay(observing: observing)
    }
}
