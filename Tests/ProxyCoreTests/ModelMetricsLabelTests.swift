import ProxyCore
import Testing

/// The model label of request metrics stays within what the catalog knows.
@Suite struct ModelMetricsLabelTests {
    static let live = ModelInfo(id: "claude-sonnet-4-6", displayName: "Claude Sonnet 4.6", created: 1_700_000_000)
    static let catalog = ModelCatalog(
        aliases: ["sonnet": "family:sonnet", "House": "claude-house-1"], liveModels: [live])

    @Test func anAliasIsLabelledWithTheModelItResolvedTo() throws {
        let resolution = try Self.catalog.resolve("sonnet").get()
        #expect(Self.catalog.metricsLabel(for: resolution) == "claude-sonnet-4-6")
        let house = try Self.catalog.resolve("House").get()
        #expect(Self.catalog.metricsLabel(for: house) == "claude-house-1")
    }

    @Test func aLiveModelIdIsItsOwnLabel() throws {
        let resolution = try Self.catalog.resolve("claude-sonnet-4-6").get()
        #expect(Self.catalog.metricsLabel(for: resolution) == "claude-sonnet-4-6")
    }

    @Test func anUncheckedClaudeIdIsLabelledOther() throws {
        let resolution = try Self.catalog.resolve("claude-anything-a-client-typed").get()
        #expect(resolution.upstreamID == "claude-anything-a-client-typed")
        #expect(Self.catalog.metricsLabel(for: resolution) == ModelCatalog.otherModelLabel)
    }
}
