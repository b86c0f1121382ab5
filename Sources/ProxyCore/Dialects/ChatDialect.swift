/// OpenAI Chat Completions (`POST /v1/chat/completions`).
public struct ChatDialect: Dialect {
    public init() {}

    public var name: String { "chat" }

    /// Completion ids come from the upstream message id (`ChatResponseTranslator.completionID`).
    public func identity(created: Int) -> ResponseIdentity { ResponseIdentity(id: "", created: created) }

    public func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest {
        try ChatRequestTranslator.translate(body, context: context)
    }

    public func response(to message: JSONValue, for request: TranslatedRequest, identity: ResponseIdentity) -> JSONValue {
        ChatResponseTranslator.translate(
            message, model: request.model.upstreamID, created: identity.created,
            responseFormatTool: request.responseFormatTool)
    }

    public func streamTranslator(
        for request: TranslatedRequest, identity: ResponseIdentity, observing: Bool
    ) -> ChatStreamTranslator {
        ChatStreamTranslator(
            model: request.model.upstreamID, created: identity.created, responseFormatTool: request.responseFormatTool,
            observing: observing)
    }
}
