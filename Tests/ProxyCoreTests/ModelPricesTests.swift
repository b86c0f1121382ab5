import ProxyCore
import Testing

@Suite struct ModelPricesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let model: String
        let input: Double?
        var testDescription: String { model }
    }

    /// Provider decorations and dates come off; a newer model is never priced as its family.
    static let cases: [Case] = [
        Case(model: "claude-sonnet-4-5-20250929", input: 3),
        Case(model: "claude-sonnet-4-5", input: 3),
        Case(model: "claude-sonnet-4-5@20250929", input: 3),
        Case(model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", input: 3),
        Case(model: "anthropic.claude-haiku-4-5-20251001-v1:0", input: 1),
        Case(model: "claude-haiku-4-5-20251001", input: 1),
        Case(model: "claude-opus-4-1-20250805", input: 15),
        Case(model: "claude-opus-4-20250514", input: 15),
        Case(model: "claude-opus-4-5-20251101", input: 5),
        Case(model: "claude-3-5-haiku-latest", input: 0.8),
        Case(model: "claude-opus-4-7", input: nil),
        Case(model: "claude-opus-4-7-20260416", input: nil),
        Case(model: "claude-sonnet-5", input: nil),
        Case(model: "gpt-4o", input: nil),
    ]

    @Test(arguments: cases) func builtInPriceLookup(_ c: Case) {
        #expect(ModelPrices().price(for: c.model)?.inputPerMTok == c.input)
    }

    @Test func costAddsEveryTokenKindAtItsRate() throws {
        let usage = Usage(inputTokens: 1_000_000, outputTokens: 2_000_000, cacheCreationInputTokens: 1_000_000, cacheReadInputTokens: 10_000_000)
        let cost = try #require(ModelPrices().cost(of: usage, model: "claude-sonnet-4-5-20250929"))
        // 3 + 2×15 + 3.75 + 10×0.30
        #expect(abs(cost - 39.75) < 1e-9)
        // Thinking tokens are inside output_tokens: they add nothing of their own.
        var thinking = usage
        thinking.thinkingTokens = 500_000
        #expect(ModelPrices().cost(of: thinking, model: "claude-sonnet-4-5-20250929") == cost)
    }

    @Test func unknownModelsWithUsageHaveNoCostAndNothingUsedCostsNothing() {
        let used = Usage(inputTokens: 10, outputTokens: 5)
        #expect(ModelPrices().cost(of: used, model: "claude-opus-4-7") == nil)
        #expect(ModelPrices().cost(of: used, model: nil) == nil)
        #expect(ModelPrices().cost(of: Usage(), model: "claude-opus-4-7") == 0)
    }

    @Test func overridesWinExactlyOrByBaseID() {
        let custom = ModelPrice(inputPerMTok: 6, outputPerMTok: 30, cacheReadPerMTok: 0.6, cacheWritePerMTok: 7.5)
        let prices = ModelPrices(overrides: ["claude-opus-4-7": custom, "claude-sonnet-4-5": .standard(input: 1, output: 2)])
        #expect(prices.price(for: "claude-opus-4-7-20260416") == custom)
        #expect(prices.price(for: "claude-sonnet-4-5-20250929")?.inputPerMTok == 1)
        #expect(prices.price(for: "claude-haiku-4-5")?.inputPerMTok == 1)
    }

    @Test func configuredPricesAndLedgerSettingsAreRead() throws {
        let json = #"""
            {"ledger": {"enabled": false, "path": "~/x.sqlite", "retentionDays": 30},
             "prices": {"claude-opus-4-7": {"inputPerMTok": 5, "outputPerMTok": 25, "cacheReadPerMTok": 0.5, "cacheWritePerMTok": 6.25}}}
            """#
        let file = try ConfigFile.parse(Array(json.utf8), file: "/etc/cp.json")
        #expect(file.ledger == LedgerSettings(enabled: false, path: "~/x.sqlite", retentionDays: 30))
        #expect(file.prices["claude-opus-4-7"] == .standard(input: 5, output: 25))
        let settings = try ProxySettings.resolve(
            file: file, configPath: "/etc/cp.json", environment: ["ANTHROPIC_API_KEY": "k"], flags: .init(),
            resolver: SecretResolver(environment: [:], readFile: { _ in "" }))
        #expect(settings.ledger.enabled == false)
        #expect(settings.prices.price(for: "claude-opus-4-7")?.outputPerMTok == 25)
        #expect(try ConfigFile.parse(Array("{}".utf8), file: "x").ledger == nil)
        #expect(ProxySettings(upstream: .init(name: "a", baseURL: "http://x", apiKey: nil, credentialSource: "t")).ledger == LedgerSettings())
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let json: String
        let key: String
        var testDescription: String { key }
    }

    static let invalid: [Invalid] = [
        Invalid(json: #"{"ledger": {"enabled": "yes"}}"#, key: "ledger.enabled"),
        Invalid(json: #"{"ledger": {"retentionDays": 0}}"#, key: "ledger.retentionDays"),
        Invalid(json: #"{"ledger": {"retentionDays": 1.5}}"#, key: "ledger.retentionDays"),
        Invalid(json: #"{"ledger": {"path": ""}}"#, key: "ledger.path"),
        Invalid(json: #"{"ledger": {"file": "x"}}"#, key: "ledger.file"),
        Invalid(json: #"{"ledger": true}"#, key: "ledger"),
        Invalid(json: #"{"prices": []}"#, key: "prices"),
        Invalid(json: #"{"prices": {"m": {"inputPerMTok": 1}}}"#, key: "prices.m.outputPerMTok"),
        Invalid(
            json: #"{"prices": {"m": {"inputPerMTok": -1, "outputPerMTok": 1, "cacheReadPerMTok": 1, "cacheWritePerMTok": 1}}}"#,
            key: "prices.m.inputPerMTok"),
        Invalid(
            json: #"{"prices": {"m": {"inputPerMTok": "3", "outputPerMTok": 1, "cacheReadPerMTok": 1, "cacheWritePerMTok": 1}}}"#,
            key: "prices.m.inputPerMTok"),
        Invalid(json: #"{"prices": {"m": {"input": 1}}}"#, key: "prices.m.input"),
    ]

    @Test(arguments: invalid) func invalidLedgerAndPriceValuesNameTheKey(_ c: Invalid) {
        let error = #expect(throws: ConfigError.self) { try ConfigFile.parse(Array(c.json.utf8), file: "/etc/cp.json") }
        #expect(error?.key == c.key)
        #expect(error?.file == "/etc/cp.json")
    }
}
