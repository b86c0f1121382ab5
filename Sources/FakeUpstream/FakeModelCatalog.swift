/// The models the fake knows, newest first (by `created_at`). Data only.
enum FakeModelCatalog {
    static let models: [FakeModel] = [
        FakeModel(
            id: "claude-opus-4-7", displayName: "Claude Opus 4.7", createdAt: "2026-04-16T00:00:00Z",
            maxInputTokens: 1_000_000, maxTokens: 128_000,
            thinkingEnabled: false, thinkingAdaptive: true,
            effortLevels: ["low", "medium", "high", "xhigh", "max"], structuredOutputs: true
        ),
        FakeModel(
            id: "claude-sonnet-4-6", displayName: "Claude Sonnet 4.6", createdAt: "2026-02-17T00:00:00Z",
            maxInputTokens: 1_000_000, maxTokens: 64_000,
            thinkingEnabled: true, thinkingAdaptive: true,
            effortLevels: ["low", "medium", "high"], structuredOutputs: true
        ),
        FakeModel(
            id: "claude-haiku-4-5-20251001", displayName: "Claude Haiku 4.5", createdAt: "2025-10-15T00:00:00Z",
            maxInputTokens: 200_000, maxTokens: 64_000,
            thinkingEnabled: true, thinkingAdaptive: false,
            effortLevels: [], structuredOutputs: false
        ),
        FakeModel(
            id: "claude-sonnet-4-5-20250929", displayName: "Claude Sonnet 4.5", createdAt: "2025-09-29T00:00:00Z",
            maxInputTokens: 200_000, maxTokens: 64_000,
            thinkingEnabled: true, thinkingAdaptive: false,
            effortLevels: [], structuredOutputs: true
        ),
        FakeModel(
            id: "claude-opus-4-1-20250805", displayName: "Claude Opus 4.1", createdAt: "2025-08-05T00:00:00Z",
            maxInputTokens: 200_000, maxTokens: 32_000,
            thinkingEnabled: true, thinkingAdaptive: false,
            effortLevels: [], structuredOutputs: false
        ),
    ]

    /// Known model by exact id.
    static func model(id: String) -> FakeModel? {
        models.first { $0.id == id }
    }

    /// The model a `/v1/messages` request is served as: a known model, a permissive stand-in
    /// for other `claude-*` ids, or nil (→ 404).
    static func resolve(_ id: String) -> FakeModel? {
        if let known = model(id: id) { return known }
        guard id.hasPrefix("claude-") else { return nil }
        return FakeModel(
            id: id, displayName: id, createdAt: "2025-01-01T00:00:00Z",
            maxInputTokens: 200_000, maxTokens: 128_000,
            thinkingEnabled: true, thinkingAdaptive: true,
            effortLevels: ["low", "medium", "high", "xhigh", "max"], structuredOutputs: true
        )
    }
}
