/// The price list the ledger and budgets estimate costs with: a table built into the program,
/// overridden per model by the config file's `prices`.
///
/// Built-in prices are Anthropic's public list prices (standard tier, prompts under 200k tokens)
/// from https://www.anthropic.com/pricing and https://docs.claude.com/en/docs/about-claude/pricing,
/// as known on 2026-02-17 (when Claude Sonnet 4.6 was listed). Models released after that date
/// (Claude Opus 4.7) are not in the table: they are recorded with cost "unknown" until a price is
/// configured, because a guessed price is worse than none. Batch, long-context and data-residency
/// surcharges are not modelled.
///
/// ```swift
/// let prices = ModelPrices(overrides: ["claude-opus-4-7": .standard(input: 5, output: 25)])
/// prices.cost(of: usage, model: "claude-opus-4-7-20260416")   // Double?, nil when unknown
/// ```
public struct ModelPrices: Sendable, Equatable {
    /// The date the built-in table was taken, shown in `claude-proxy usage --help` and the README.
    public static let builtInDate = "2026-02-17"
    public static let builtInSource = "https://www.anthropic.com/pricing"

    /// Model ids without a date suffix → price.
    public static let builtIn: [String: ModelPrice] = [
        "claude-opus-4-6": .standard(input: 5, output: 25),
        "claude-opus-4-5": .standard(input: 5, output: 25),
        "claude-opus-4-1": .standard(input: 15, output: 75),
        "claude-opus-4-0": .standard(input: 15, output: 75),
        "claude-opus-4": .standard(input: 15, output: 75),
        "claude-sonnet-4-6": .standard(input: 3, output: 15),
        "claude-sonnet-4-5": .standard(input: 3, output: 15),
        "claude-sonnet-4-0": .standard(input: 3, output: 15),
        "claude-sonnet-4": .standard(input: 3, output: 15),
        "claude-3-7-sonnet": .standard(input: 3, output: 15),
        "claude-3-5-sonnet": .standard(input: 3, output: 15),
        "claude-haiku-4-5": .standard(input: 1, output: 5),
        "claude-3-5-haiku": .standard(input: 0.8, output: 4),
        "claude-3-haiku": ModelPrice(inputPerMTok: 0.25, outputPerMTok: 1.25, cacheReadPerMTok: 0.03, cacheWritePerMTok: 0.30),
        "claude-3-opus": .standard(input: 15, output: 75),
    ]

    /// Configured prices (`prices` in the config file), by model id as written there.
    public var overrides: [String: ModelPrice]

    public init(overrides: [String: ModelPrice] = [:]) {
        self.overrides = overrides
    }

    /// The price of `model`, or nil when neither the config nor the table knows it.
    ///
    /// An override matches the id exactly, then without its date; the table matches the id
    /// without its date and provider decoration (`claude-sonnet-4-5@20250929` on Vertex,
    /// `us.anthropic.claude-sonnet-4-5-20250929-v1:0` on Bedrock). Nothing matches by family:
    /// `claude-opus-4-7` is not priced as `claude-opus-4`.
    public func price(for model: String) -> ModelPrice? {
        if let exact = overrides[model] { return exact }
        let base = Self.baseID(model)
        return overrides[base] ?? Self.builtIn[base]
    }

    /// The cost of `usage` on `model` in US dollars: 0 when nothing was used (a refused or failed
    /// request costs nothing), nil when tokens were used on a model without a known price.
    public func cost(of usage: Usage, model: String?) -> Double? {
        if usage.inputTokens == 0, usage.outputTokens == 0, usage.cacheReadInputTokens == 0,
            usage.cacheCreationInputTokens == 0
        {
            return 0
        }
        guard let model, let price = price(for: model) else { return nil }
        return price.cost(of: usage)
    }

    /// `claude-haiku-4-5-20251001` → `claude-haiku-4-5`; also strips Vertex's `@date`, Bedrock's
    /// `anthropic.` (with an optional region prefix) and `-v1:0` suffix, and `-latest`.
    static func baseID(_ model: String) -> String {
        var id = Substring(model.lowercased())
        if let range = id.range(of: "anthropic.") { id = id[range.upperBound...] }
        if let at = id.firstIndex(of: "@") { id = id[..<at] }
        if let colon = id.lastIndex(of: ":"), let dash = id[..<colon].lastIndex(of: "-"),
            id[id.index(after: dash)...].hasPrefix("v")
        {
            id = id[..<dash]
        }
        if id.hasSuffix("-latest") { id = id.dropLast("-latest".count) }
        if let dash = id.lastIndex(of: "-") {
            let tail = id[id.index(after: dash)...]
            if tail.count == 8, tail.allSatisfy({ ("0"..."9").contains($0) }) { id = id[..<dash] }
        }
        return String(id)
    }
}
