/// Legacy OpenAI Completions (`POST /v1/completions`), for editors' autocomplete: one prompt in,
/// one `text_completion` out.
public struct CompletionsDialect: Dialect {
    public init() {}

    public var name: String { "completions" }

    /// Completion ids come from the upstream message id (`CompletionsResponseTranslator.completionID`).
    public func identity(created: Int) -> ResponseIdentity { ResponseIdentity(id: "", created: created) }

    public func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest {
        try CompletionsRequestTranslator.translate(body, context: context)
    }

    public func response(to message: JSONValue, for request: TranslatedRequest, identity: ResponseIdentity) -> JSONValue {
        CompletionsResponseTranslator.translate(message, model: request.model.upstreamID, created: identity.created)
    }

    public func streamTranslator(
        for request: TranslatedRequest, identity: ResponseIdentity, observing: Bool
    ) -> CompletionsStreamTranslator {
        CompletionsStreamTranslator(model: request.model.upstreamID, created: identity.created, observing: observing)
    }
}
