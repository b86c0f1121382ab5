import ProxyCore

/// Model-dependent rules: thinking modes, sampling parameters, effort and structured outputs.
enum ModelRulesValidator {
    static func validateThinking(
        _ value: JSONValue?, model: FakeModel, maxTokens: Int?
    ) throws(FakeAPIError) -> MessageRequest.Thinking? {
        guard let value else { return nil }
        guard value.objectValue != nil, let type = value["type"]?.stringValue else {
            throw .invalidRequest("thinking.type: Field required")
        }
        let display = value["display"]?.stringValue
        if let display, display != "summarized", display != "omitted" {
            throw .invalidRequest("thinking.\(type).display: Input should be 'summarized' or 'omitted'")
        }
        switch type {
        case "disabled":
            return nil
        case "enabled":
            if model.adaptiveOnly {
                throw .invalidRequest(
                    "thinking.type.enabled is not supported for this model. Use thinking.type.adaptive and output_config.effort to control thinking behavior."
                )
            }
            guard let budget = value["budget_tokens"]?.intValue else {
                throw .invalidRequest("thinking.enabled.budget_tokens: Field required")
            }
            if budget < 1024 {
                throw .invalidRequest("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")
            }
            if let maxTokens, budget >= maxTokens {
                throw .invalidRequest(
                    "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size"
                )
            }
            return .init(type: type, display: display)
        case "adaptive":
            if !model.thinkingAdaptive {
                throw .invalidRequest("thinking.type.adaptive is not supported for this model.")
            }
            return .init(type: type, display: display)
        default:
            throw .invalidRequest(
                "thinking: Input tag '\(type)' found using 'type' does not match any of the expected tags: 'adaptive', 'disabled', 'enabled'"
            )
        }
    }

    static func validateSampling(
        _ fields: JSONObject, model: FakeModel, thinking: MessageRequest.Thinking?
    ) throws(FakeAPIError) {
        if model.adaptiveOnly {
            for name in ["temperature", "top_p", "top_k"] where fields[name] != nil {
                throw .invalidRequest("`\(name)` is deprecated for this model.")
            }
            return
        }
        for name in ["temperature", "top_p"] {
            guard let value = fields[name] else { continue }
            guard let number = value.doubleValue else { throw .invalidRequest("\(name): Input should be a valid number") }
            if number < 0 { throw .invalidRequest("\(name): Input should be greater than or equal to 0") }
            if number > 1 { throw .invalidRequest("\(name): Input should be less than or equal to 1") }
        }
        if let topK = fields["top_k"] {
            guard let value = topK.intValue, value >= 0 else {
                throw .invalidRequest("top_k: Input should be a non-negative integer")
            }
        }
        if thinking != nil, let temperature = fields["temperature"]?.doubleValue, temperature != 1 {
            throw .invalidRequest(
                "`temperature` may only be set to 1 when thinking is enabled or in adaptive mode. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility"
            )
        }
    }

    static func validateOutputConfig(
        _ value: JSONValue?, legacyFormat: JSONValue?, model: FakeModel
    ) throws(FakeAPIError) {
        if let value {
            guard value.objectValue != nil else { throw .invalidRequest("output_config: Input should be a valid dictionary") }
            if let effort = value["effort"] {
                guard model.supportsEffort else {
                    throw .invalidRequest("output_config.effort: This model does not support the effort parameter.")
                }
                guard let level = effort.stringValue, model.effortLevels.contains(level) else {
                    let levels = model.effortLevels.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    throw .invalidRequest("output_config.effort: Input should be one of \(levels) for this model")
                }
            }
            if let format = value["format"] { try validateFormat(format, path: "output_config.format", model: model) }
        }
        if let legacyFormat { try validateFormat(legacyFormat, path: "output_format", model: model) }
    }

    private static func validateFormat(_ format: JSONValue, path: String, model: FakeModel) throws(FakeAPIError) {
        guard model.structuredOutputs else {
            throw .invalidRequest("\(path): '\(model.id)' does not support output format.")
        }
        guard format["type"]?.stringValue == "json_schema" else {
            throw .invalidRequest("\(path).type: Input should be 'json_schema'")
        }
        guard format["schema"]?.objectValue != nil else { throw .invalidRequest("\(path).schema: Field required") }
    }
}
