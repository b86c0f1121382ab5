/// What a request about to be sent may cost, counted against budgets while it runs.
///
/// Deliberately high rather than low, so a burst of concurrent requests cannot spend past a cap:
/// the prompt as one token per 3 bytes of the translated body (Claude's tokenizer averages about
/// 3.5–4 characters per token for English; JSON syntax makes the body larger still) and the full
/// `max_tokens` of output. The real cost replaces the estimate when the request ends.
public enum BudgetEstimate {
    public static let bytesPerToken = 3

    /// In US dollars; 0 when the model's price is unknown (its real cost is unknown too).
    public static func usd(bodyBytes: Int, maxTokens: Int, inputPerMTok: Double, outputPerMTok: Double) -> Double {
        let input = Double(bodyBytes / bytesPerToken) * inputPerMTok
        let output = Double(max(0, maxTokens)) * outputPerMTok
        return (input + output) / 1_000_000
    }
}
