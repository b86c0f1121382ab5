import ProxyCore
import Synchronization

/// Where a request keeps its budget claim between admission and its end, so whichever end
/// comes first (finished, failed, client gone) books the real cost, once. Made per request only
/// when budgets are configured.
final class BudgetSlot: Sendable {
    private struct Held {
        var claim: BudgetClaim
        var model: String
    }

    private let held = Mutex<Held?>(nil)
    private let prices: ModelPrices

    init(prices: ModelPrices) {
        self.prices = prices
    }

    func hold(_ claim: BudgetClaim, model: String) {
        held.withLock { $0 = Held(claim: claim, model: model) }
    }

    /// Books what `usage` cost on the request's model (unknown price: not counted).
    func settle(_ usage: Usage) {
        guard let taken = held.withLock({ state -> Held? in defer { state = nil }; return state }) else { return }
        taken.claim.settle(costUSD: prices.cost(of: usage, model: taken.model))
    }
}
