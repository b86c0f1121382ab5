import Foundation

extension ProxyError {
    /// The 429 a request gets when a `refuse` budget of its scope is spent: OpenAI's
    /// `insufficient_quota`, which SDKs do not retry (`x-should-retry: false`), with a message
    /// naming the budget, what it spent and when it resets.
    public static func budgetSpent(_ status: BudgetStatus, now: Date) -> ProxyError {
        let inFlight =
            status.inFlightUSD > 0 ? " (plus an estimated \(BudgetFormat.usd(status.inFlightUSD)) in requests still running)" : ""
        let message =
            "Budget '\(status.name)' (\(status.scope), per \(status.period.rawValue)) is spent: "
            + "\(BudgetFormat.usd(status.spentUSD)) of \(BudgetFormat.usd(status.limitUSD))\(inFlight). "
            + "It resets at \(BudgetFormat.time(status.resetsAt)); raise 'usd' in the config's budgets to continue sooner."
        let seconds = Int(status.resetsAt.timeIntervalSince(now).rounded(.up))
        return ProxyError(
            kind: .quota, status: 429, message: message, code: "insufficient_quota",
            retryAfterSeconds: max(1, seconds), shouldRetry: false)
    }
}
