/// Description of one model the fake serves, and the capability rules it enforces.
struct FakeModel: Sendable {
    let id: String
    let displayName: String
    /// RFC 3339 creation timestamp.
    let createdAt: String
    let maxInputTokens: Int
    let maxTokens: Int
    /// `thinking.type == "enabled"` (manual budget) accepted.
    let thinkingEnabled: Bool
    /// `thinking.type == "adaptive"` accepted.
    let thinkingAdaptive: Bool
    /// Accepted `output_config.effort` values; empty when effort is unsupported.
    let effortLevels: Set<String>
    /// `output_config.format` (structured outputs) accepted.
    let structuredOutputs: Bool

    /// Adaptive-only models reject sampling parameters, manual thinking and assistant prefill.
    var adaptiveOnly: Bool { thinkingAdaptive && !thinkingEnabled }
    var supportsEffort: Bool { !effortLevels.isEmpty }

    /// Model object as returned by `GET /v1/models` (Anthropic SDK `ModelInfo` shape).
    var json: String {
        func flag(_ value: Bool) -> String { "{\"supported\":\(value)}" }
        let thinking = JSONText.object([
            ("supported", "true"),
            ("types", JSONText.object([("enabled", flag(thinkingEnabled)), ("adaptive", flag(thinkingAdaptive))])),
        ])
        let effort = JSONText.object([
            ("supported", String(supportsEffort)),
            ("low", flag(effortLevels.contains("low"))),
            ("medium", flag(effortLevels.contains("medium"))),
            ("high", flag(effortLevels.contains("high"))),
            ("max", flag(effortLevels.contains("max"))),
        ])
        let capabilities = JSONText.object([
            ("thinking", thinking),
            ("effort", effort),
            ("image_input", flag(true)),
            ("pdf_input", flag(true)),
            ("structured_outputs", flag(structuredOutputs)),
            ("citations", flag(true)),
        ])
        return JSONText.object([
            ("type", "\"model\""),
            ("id", JSONText.quote(id)),
            ("display_name", JSONText.quote(displayName)),
            ("created_at", JSONText.quote(createdAt)),
            ("max_input_tokens", String(maxInputTokens)),
            ("max_tokens", String(maxTokens)),
            ("capabilities", capabilities),
        ])
    }
}
