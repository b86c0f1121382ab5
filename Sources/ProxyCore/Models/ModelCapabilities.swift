/// What a model accepts, read from the `capabilities` object of Anthropic's models list.
///
/// The request translator shapes each request from these flags instead of from model names.
/// Two rules are not (yet) published as capabilities and are derived, unless the list carries
/// them explicitly (`sampling_parameters`, `assistant_prefill`, `forced_tool_choice`):
/// - a model that offers adaptive thinking but not budgeted (`enabled`) thinking rejects
///   `temperature`/`top_p`/`top_k` (the Opus 4.7 contract);
/// - a model that offers adaptive thinking rejects assistant prefill (the Claude 4.6+ contract).
public struct ModelCapabilities: Sendable, Equatable {
    public var thinking: Bool = true
    public var adaptiveThinking: Bool = false
    public var budgetThinking: Bool = true
    /// Effort levels accepted in `output_config.effort`; empty when effort is unsupported.
    public var effortLevels: [String] = []
    public var structuredOutputs: Bool = false
    public var imageInput: Bool = true
    public var pdfInput: Bool = true
    public var samplingParameters: Bool = true
    public var assistantPrefill: Bool = true
    public var forcedToolChoice: Bool = true
    /// Whether thinking can be switched off for this model.
    public var thinkingCanBeDisabled: Bool = true

    public init() {}

    /// Capabilities for a `claude-*` id the live list does not (yet) know: the permissive,
    /// long-standing contract, so requests pass through as the client meant them.
    public static let unknown = ModelCapabilities()

    public init(json: JSONValue) {
        func supported(_ value: JSONValue?) -> Bool? { value?["supported"]?.boolValue }
        let thinking = json["thinking"]
        self.thinking = supported(thinking) ?? true
        let types = thinking?["types"]
        adaptiveThinking = supported(types?["adaptive"]) ?? false
        budgetThinking = supported(types?["enabled"]) ?? (self.thinking && !adaptiveThinking)
        thinkingCanBeDisabled = supported(types?["disabled"]) ?? true
        if let effort = json["effort"], supported(effort) == true {
            effortLevels = ["low", "medium", "high", "xhigh", "max"].filter { supported(effort[$0]) ?? false }
            if effortLevels.isEmpty { effortLevels = ["low", "medium", "high"] }
        }
        structuredOutputs = supported(json["structured_outputs"]) ?? false
        imageInput = supported(json["image_input"]) ?? true
        pdfInput = supported(json["pdf_input"]) ?? true
        samplingParameters = supported(json["sampling_parameters"]) ?? !(adaptiveThinking && !budgetThinking)
        assistantPrefill = supported(json["assistant_prefill"]) ?? !adaptiveThinking
        forcedToolChoice = supported(json["forced_tool_choice"]) ?? thinkingCanBeDisabled
    }
}
