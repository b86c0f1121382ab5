import ProxyCore
import Testing

/// Parses a JSON literal written in a test, failing the test on a syntax error.
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
    do {
        return try JSONParser.parse(text)
    } catch {
        Issue.record("bad JSON in test: \(error)", sourceLocation: sourceLocation)
        return .null
    }
}

let sonnet45Capabilities = ModelCapabilities(
    json: json(
        #"{"thinking":{"supported":true,"types":{"enabled":{"supported":true},"adaptive":{"supported":false}}},"structured_outputs":{"supported":true}}"#
    ))

let opus47Capabilities = ModelCapabilities(
    json: json(
        #"{"thinking":{"supported":true,"types":{"enabled":{"supported":false},"adaptive":{"supported":true}}},"effort":{"supported":true,"low":{"supported":true},"medium":{"supported":true},"high":{"supported":true},"max":{"supported":true}},"structured_outputs":{"supported":true}}"#
    ))

let haikuCapabilities = ModelCapabilities(
    json: json(
        #"{"thinking":{"supported":true,"types":{"enabled":{"supported":true},"adaptive":{"supported":false}}},"structured_outputs":{"supported":false}}"#
    ))

func context(
    model: String = "claude-sonnet-4-5", capabilities: ModelCapabilities = sonnet45Capabilities,
    maxTokens: Int? = 64000, identity: IdentitySettings = .init(), caching: Bool = false
) -> TranslationContext {
    let info = ModelInfo(id: model, maxOutputTokens: maxTokens, capabilities: capabilities)
    return TranslationContext(
        model: .init(requested: model, upstreamID: model, info: info), identity: identity,
        promptCaching: PromptCachingSettings(automatic: caching), fallbackMaxTokens: 8192)
}

/// Translates a request body, recording an issue when it fails.
func translate(_ body: String, _ context: TranslationContext = context(), sourceLocation: SourceLocation = #_sourceLocation)
    -> TranslatedRequest?
{
    do {
        return try ChatRequestTranslator.translate(json(body), context: context)
    } catch {
        Issue.record("translation failed: \(error.message)", sourceLocation: sourceLocation)
        return nil
    }
}

func translationError(_ body: String, _ context: TranslationContext = context()) -> ProxyError? {
    do {
        _ = try ChatRequestTranslator.translate(json(body), context: context)
        return nil
    } catch {
        return error
    }
}
