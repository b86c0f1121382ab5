/// `reasoning_effort` / `reasoning.effort` → Claude thinking, shaped by the model's capabilities.
///
/// Adaptive models get `thinking:{type:adaptive, display:summarized}` plus `output_config.effort`;
/// models with budgeted thinking get `thinking:{type:enabled, budget_tokens}`. Thinking text is
/// always requested in summarized form so that clients (and the dashboard) can show it.
enum ReasoningTranslator {
    struct Result {
        var thinking: JSONValue?
        var effort: String?
        var maxTokens: Int
        var notes: [String] = []
    }

    /// Budgets for models without adaptive thinking (the API's minimum is 1,024).
    static let budgets: [String: Int] = [
        "minimal": 1024, "low": 2048, "medium": 4096, "high": 8192, "xhigh": 16384, "max": 24576,
    ]

    static func effort(_ request: FieldReader) throws(ProxyError) -> String? {
        var effort = try request.string("reasoning_effort")
        if effort == nil, let reasoning = try request.reader("reasoning") { effort = try reasoning.string("effort") }
        guard let effort else { return nil }
        let normalized = effort.lowercased()
        guard normalized == "none" || budgets[normalized] != nil else {
            let path = request.field("reasoning_effort") != nil ? "reasoning_effort" : "reasoning.effort"
            throw .invalidField(
                path, "Invalid value for '\(path)': '\(effort)'. Expected none, minimal, low, medium, high, xhigh or max.")
        }
        return normalized
    }

    static func translate(effort: String?, maxTokens: Int, capabilities: ModelCapabilities) -> Result {
        var result = Result(maxTokens: maxTokens)
        guard let effort, capabilities.thinking else { return result }
        if effort == "none" {
            if !capabilities.thinkingCanBeDisabled { result.notes.append("thinking cannot be disabled on this model") }
            return result
        }
        if capabilities.adaptiveThinking {
            result.thinking = ["type": "adaptive", "display": "summarized"]
            if !capabilities.effortLevels.isEmpty {
                result.effort = nearestLevel(effort, in: capabilities.effortLevels)
            }
            return result
        }
        guard capabilities.budgetThinking else { return result }
        var budget = budgets[effort] ?? 4096
        if maxTokens <= budget {
            // max_tokens must exceed the budget; keep the client's cap when it leaves room.
            if maxTokens > 2048 {
                budget = maxTokens / 2
            } else {
                result.notes.append("thinking skipped: max_tokens \(maxTokens) leaves no room for a thinking budget")
                return result
            }
        }
        result.thinking = ["type": "enabled", "budget_tokens": .number(Double(budget)), "display": "summarized"]
        return result
    }

    static func nearestLevel(_ effort: String, in levels: [String]) -> String {
        let order = ["low", "medium", "high", "xhigh", "max"]
        let wanted = effort == "minimal" ? "low" : effort
        if levels.contains(wanted) { return wanted }
        let wantedRank = order.firstIndex(of: wanted) ?? 1
        return levels.min { abs((order.firstIndex(of: $0) ?? 0) - wantedRank) < abs((order.firstIndex(of: $1) ?? 0) - wantedRank) }
            ?? "medium"
    }
}
