import Foundation
import Logging
import ProxyCore
import Synchronization

/// The budgets of the running configuration, shared by every request: admits or refuses a
/// request before it goes upstream, books what it cost when it ends, and says when a budget
/// nears or reaches its cap (a warning event and a log line, once per line per period).
///
/// A few instructions under a lock per request; the ledger seeds the spend at start and after a
/// reload, so a restart does not reset what a period has spent.
public final class BudgetGate: Sendable {
    private struct State {
        var book: BudgetBook
        /// Models already warned about for having no price (their cost cannot be counted).
        var unpricedModels: Set<String> = []
    }

    private let state: Mutex<State>
    private let hub: EventHub
    private let logger: Logger
    private let clock: @Sendable () -> Date

    public init(rules: [BudgetRule], hub: EventHub, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.hub = hub
        self.logger = logger
        self.clock = clock
        state = Mutex(State(book: BudgetBook(rules: rules, now: clock())))
    }

    public var isEmpty: Bool { state.withLock { $0.book.isEmpty } }
    public var rules: [BudgetRule] { state.withLock { $0.book.rules } }

    /// Every budget as it stands now, for `/health`, the dashboard and metrics.
    public var statuses: [BudgetStatus] {
        let now = clock()
        return state.withLock { $0.book.statuses(now: now) }
    }

    /// Replaces the rules (a reload); spend is seeded again by the caller from the ledger.
    /// Requests in flight settle against the new rules of their scope.
    public func replace(rules: [BudgetRule]) {
        let now = clock()
        state.withLock { $0.book = BudgetBook(rules: rules, now: now) }
    }

    /// Sets what a budget spent so far in its period (from the ledger).
    public func seed(name: String, spentUSD: Double) {
        let now = clock()
        state.withLock { $0.book.seed(name: name, spentUSD: spentUSD, now: now) }
    }

    /// A claim on the budgets of `client` for a request estimated at `estimateUSD`, or the 429
    /// to answer with when a `refuse` budget of its scope is spent. nil when no budget applies.
    public func admit(client: String, estimateUSD: Double, model: String, priced: Bool) throws(ProxyError) -> BudgetClaim? {
        let now = clock()
        let (admission, warnUnpriced) = state.withLock { state -> (BudgetBook.Admission?, Bool) in
            guard !state.book.isEmpty else { return (nil, false) }
            let warn = !priced && state.unpricedModels.insert(model).inserted
            return (state.book.admit(client: client, estimateUSD: estimateUSD, now: now), warn)
        }
        if warnUnpriced {
            warn(
                "budgets cannot count requests to \(model): it has no price (add it under 'prices' in the config "
                    + "file); these requests are served and recorded with cost unknown")
        }
        switch admission {
        case nil: return nil
        case .refused(let status): throw ProxyError.budgetSpent(status, now: now)
        case .admitted(let ticket): return BudgetClaim(gate: self, ticket: ticket)
        }
    }

    /// Books a claim's real cost (nil: unknown) and announces the lines it crossed.
    func settle(_ ticket: BudgetTicket, costUSD: Double?) {
        let now = clock()
        let alerts = state.withLock { $0.book.settle(ticket, costUSD: costUSD, now: now) }
        for alert in alerts { warn(alert.message) }
    }

    private func warn(_ message: String) {
        hub.publish(.log(level: .warning, message: message))
        logger.warning("\(message)", metadata: [ProxyService.onHubMetadataKey: "warning"])
    }
}

/// One admitted request's claim on its budgets; settled once, with the request's real cost, by
/// whichever end comes first. A claim never settled (the request vanished) releases its
/// estimate when it is dropped, so an in-flight sum cannot leak.
public final class BudgetClaim: Sendable {
    private let gate: BudgetGate
    private let ticket: BudgetTicket
    private let settled = Atomic<Bool>(false)

    init(gate: BudgetGate, ticket: BudgetTicket) {
        self.gate = gate
        self.ticket = ticket
    }

    public var estimateUSD: Double { ticket.estimateUSD }

    /// Books `costUSD` (nil: unknown, not counted); later calls do nothing.
    public func settle(costUSD: Double?) {
        guard settled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        gate.settle(ticket, costUSD: costUSD)
    }

    deinit {
        settle(costUSD: nil)
    }
}
