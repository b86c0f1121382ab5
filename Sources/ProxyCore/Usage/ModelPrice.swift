/// What one model costs, in US dollars per million tokens of each kind.
///
/// Thinking tokens are billed as output tokens (Anthropic counts them inside `output_tokens`), so
/// they have no price of their own. Cache writes are priced at the 5-minute cache's rate.
public struct ModelPrice: Sendable, Equatable {
    public var inputPerMTok: Double
    public var outputPerMTok: Double
    public var cacheReadPerMTok: Double
    public var cacheWritePerMTok: Double

    public init(inputPerMTok: Double, outputPerMTok: Double, cacheReadPerMTok: Double, cacheWritePerMTok: Double) {
        self.inputPerMTok = inputPerMTok
        self.outputPerMTok = outputPerMTok
        self.cacheReadPerMTok = cacheReadPerMTok
        self.cacheWritePerMTok = cacheWritePerMTok
    }

    /// Anthropic's usual ratios from an input and an output price: cache reads at 0.1×, 5-minute
    /// cache writes at 1.25× the input price.
    public static func standard(input: Double, output: Double) -> ModelPrice {
        ModelPrice(inputPerMTok: input, outputPerMTok: output, cacheReadPerMTok: input / 10, cacheWritePerMTok: input * 1.25)
    }

    /// The cost of `usage` at this price, in US dollars.
    public func cost(of usage: Usage) -> Double {
        let micro =
            Double(usage.inputTokens) * inputPerMTok + Double(usage.outputTokens) * outputPerMTok
            + Double(usage.cacheReadInputTokens) * cacheReadPerMTok
            + Double(usage.cacheCreationInputTokens) * cacheWritePerMTok
        return micro / 1_000_000
    }
}
