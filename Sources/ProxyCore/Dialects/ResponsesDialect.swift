/// OpenAI Responses (`POST /v1/responses`), stateless: the signed thinking travels in each
/// reasoning item's `encrypted_content`, so a client that sends its output items back continues
/// a tool loop with reasoning on without the proxy keeping anything.
public struct ResponsesDialect: Dialect {
    public init() {}

    public var name: String { "responses" }

    /// `resp_` and 32 random hex digits: two draws, not one per digit.
    public func identity(created: Int) -> ResponseIdentity {
        var generator = SystemRandomNumberGenerator()
        return ResponseIdentity(id: Self.makeResponseID(using: &generator), created: created)
    }

    public static func makeResponseID<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        let high = String(generator.next(), radix: 16)
        let low = String(generator.next(), radix: 16)
        return "resp_" + String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 16 - low.count) + low
    }

    /// Without a response store (not built yet) nothing is kept: a `previous_response_id` is
    /// refused rather than silently answered without its conversation, and the response says
    /// `store: false`, which is what happened.
    public func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest {
        var translated = try ResponsesRequestTranslator.translate(body, context: context)
        if translated.responses?.previousResponseID != nil {
            throw .invalidField(
                "previous_response_id",
                "'previous_response_id' needs a response store, which this proxy does not keep yet. Send the earlier "
                    + "turns (including the output items of the previous response) in 'input' instead.")
        }
        translated.responses?.store = false
        return translated
    }

    public func response(to message: JSONValue, for request: TranslatedRequest, identity: ResponseIdentity) -> JSONValue {
        ResponsesResponseTranslator.translate(
            message, responseID: identity.id, createdAt: identity.created, model: request.model.upstreamID,
            echo: request.responses ?? .init(), responseFormatTool: request.responseFormatTool)
    }

    public func streamTranslator(
        for request: TranslatedRequest, identity: ResponseIdentity, observing: Bool
    ) -> ResponsesStreamTranslator {
        ResponsesStreamTranslator(
            responseID: identity.id, createdAt: identity.created, model: request.model.upstreamID,
            echo: request.responses ?? .init(), responseFormatTool: request.responseFormatTool, observing: observing)
    }
}
