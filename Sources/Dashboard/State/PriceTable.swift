import ProxyCore

/// List prices in US dollars per million tokens, for the header's cost estimate.
///
/// An estimate only: matched by model family (and generation where prices differ); unknown
/// models are priced like Sonnet so an estimate errs on the visible side.
public enum PriceTable {
    public struct Price: Sendable, Equatable {
        public var input: Double
        public var output: Double
    }

    public static func price(for model: String) -> Price {
        let name = model.lowercased()
        if name.contains("opus") {
            let legacy = ["opus-4-1", "opus-4-0", "opus-4-2", "3-opus", "opus-4@", "opus-4-20"].contains { name.contains($0) }
                || name.hasSuffix("opus-4")
            return legacy ? Price(input: 15, output: 75) : Price(input: 5, output: 25)
        }
        if name.contains("haiku") {
            if name.contains("3-haiku") { return Price(input: 0.25, output: 1.25) }
            if name.contains("3-5-haiku") || name.contains("haiku-3") { return Price(input: 0.8, output: 4) }
            return Price(input: 1, output: 5)
        }
        return Price(input: 3, output: 15)
    }

    /// Dollars for one response; cache writes cost 1.25× input, cache reads 0.1×.
    public static func cost(of usage: Usage, model: String) -> Double {
        let price = price(for: model)
        let input = Double(usage.inputTokens) + Double(usage.cacheCreationInputTokens) * 1.25
            + Double(usage.cacheReadInputTokens) * 0.1
        return (input * price.input + Double(usage.outputTokens) * price.output) / 1_000_000
    }
}
