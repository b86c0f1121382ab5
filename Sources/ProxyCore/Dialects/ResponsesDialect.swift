/// OpenAI Responses (`POST /v1/responses`). With the store on (`responses.store`, the default)
/// the server keeps `store: true` responses and passes a `previous_response_id`'s conversation
/// in as `TranslationContext.history`; the signed thinking travels in each reasoning item's
/// `encrypted_content`, which the client receives when it asks (`include`), so a client can
/// also continue statelessly by sending its output items back.
public struct ResponsesDialect: Dialect {
    /// Whether the server keeps responses (`responses.store` in the config).
    public var storing: Bool

    public init(storing: Bool = false) {
        self.storing = storing
    }

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

    /// Without a store nothing is kept: a `previous_response_id` is refused rather than silently
    /// answered without its conversation, and the response says `store: false`, which is what happened.
    public func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest {
        var translated = try ResponsesRequestTranslator.translate(body, context: context, history: context.history)
        if !storing, translated.responses?.previousResponseID != nil {
            throw .invalidField(
                "previous_response_id",
                "'previous_response_id' needs the responses store, which is off on this proxy (responses.store is "
                    + "false in its configuration). Send the earlier turns (including the output items of the "
                    + "previous response) in 'input' instead.")
        }
        if !storing { translated.responses?.store = false }
        return translated
    }

    /// The whole Response object, reasoning `encrypted_content` included: the server keeps it
    /// so, and strips it for a client that did not ask for it (`clientView`).
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

    /// What the client receives of `response`: without reasoning `encrypted_content` unless `include` asked for it.
    public static func clientView(_ response: JSONValue, for request: TranslatedRequest) -> JSONValue {
        request.responses?.includesEncryptedReasoning == true ? response : ResponseObject.withoutEncryptedReasoning(response)
    }
}
