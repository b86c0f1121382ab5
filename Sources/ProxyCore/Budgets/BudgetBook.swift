import Foundation

/// The running account of every budget: what each has spent in its current period, plus the
/// estimated cost of requests still in flight, and the decision to admit or refuse a request.
///
/// Pure and time-injected; the server keeps one behind a lock. Concurrent requests cannot all
/// slip past a cap: a request is admitted only while `spent + in flight` is below the cap, and
/// its estimate joins the in-flight sum at once, so a period overshoots by at most the estimates
/// of the requests admitted last (and by what their real costs exceed their estimates).
///
/// ```swift
/// var book = BudgetBook(rules: settings.budgets, now: now)
/// switch book.admit(client: "bot", estimateUSD: 0.02, now: now) {
/// case .refused(let refusal): throw ProxyError.budgetSpent(refusal)
/// case .admitted(let ticket): …; let alerts = book.settle(ticket, costUSD: 0.013, now: later)
/// }
/// ```
public struct BudgetBook: Sendable {
    public enum Admission: Sendable, Equatable {
        case admitted(BudgetTicket)
        case refused(BudgetStatus)
    }

    private struct Account: Sendable {
        var rule: BudgetRule
        var window: DateInterval
        var spent = 0.0
        var inFlight = 0.0
        /// The highest line already announced in this period.
        var announced = BudgetStatus.Level.ok
    }

    private var accounts: [Account]

    public init(rules: [BudgetRule], now: Date) {
        accounts = rules.map { Account(rule: $0, window: $0.window(containing: now)) }
    }

    public var rules: [BudgetRule] { accounts.map(\.rule) }
    public var isEmpty: Bool { accounts.isEmpty }

    /// Sets what budget `name` has already spent in its current period (read from the ledger at
    /// start or after a reload). Lines already crossed are not announced again.
    public mutating func seed(name: String, spentUSD: Double, now: Date) {
        roll(now)
        for index in accounts.indices where accounts[index].rule.name == name {
            accounts[index].spent = spentUSD
            accounts[index].announced = BudgetStatus.Level.of(spent: spentUSD, limit: accounts[index].rule.limitUSD)
        }
    }

    /// Admits a request of `client` whose cost is estimated at `estimateUSD`, or names the first
    /// `refuse` budget of its scope that is already spent (counting requests in flight).
    public mutating func admit(client: String, estimateUSD: Double, now: Date) -> Admission {
        roll(now)
        for account in accounts where account.rule.action == .refuse && account.rule.scope.covers(client: client) {
            // A nano-dollar of slack: ten estimates of $0.10 must fill a $1 budget despite binary fractions.
            if account.spent + account.inFlight >= account.rule.limitUSD - 1e-9 {
                return .refused(status(account))
            }
        }
        let estimate = max(0, estimateUSD)
        for index in accounts.indices where accounts[index].rule.scope.covers(client: client) {
            accounts[index].inFlight += estimate
        }
        return .admitted(BudgetTicket(client: client, estimateUSD: estimate))
    }

    /// Books a finished request: its estimate leaves the in-flight sum and its cost (nil: unknown,
    /// not counted) joins the spend. Returns the lines it made a budget cross, once per period.
    public mutating func settle(_ ticket: BudgetTicket, costUSD: Double?, now: Date) -> [BudgetAlert] {
        roll(now)
        var alerts: [BudgetAlert] = []
        for index in accounts.indices where accounts[index].rule.scope.covers(client: ticket.client) {
            accounts[index].inFlight = max(0, accounts[index].inFlight - ticket.estimateUSD)
            // Rounding can leave a residue once the last request of a burst settles.
            if accounts[index].inFlight < 1e-12 { accounts[index].inFlight = 0 }
            guard let cost = costUSD, cost > 0 else { continue }
            accounts[index].spent += cost
            let level = BudgetStatus.Level.of(spent: accounts[index].spent, limit: accounts[index].rule.limitUSD)
            if level > accounts[index].announced {
                accounts[index].announced = level
                alerts.append(BudgetAlert(status: status(accounts[index])))
            }
        }
        return alerts
    }

    /// Every budget as it stands at `now`.
    public mutating func statuses(now: Date) -> [BudgetStatus] {
        roll(now)
        return accounts.map(status)
    }

    /// A new period starts from nothing spent; requests still in flight keep their estimates.
    private mutating func roll(_ now: Date) {
        for index in accounts.indices where now >= accounts[index].window.end || now < accounts[index].window.start {
            accounts[index].window = accounts[index].rule.window(containing: now)
            accounts[index].spent = 0
            accounts[index].announced = .ok
        }
    }

    private func status(_ account: Account) -> BudgetStatus {
        BudgetStatus(
            name: account.rule.name, scope: account.rule.scope.description, period: account.rule.period,
            action: account.rule.action, limitUSD: account.rule.limitUSD, spentUSD: account.spent,
            inFlightUSD: account.inFlight, periodStart: account.window.start, resetsAt: account.window.end)
    }
}

/// An admitted request's claim on its budgets, handed back to `BudgetBook.settle` when it ends.
public struct BudgetTicket: Sendable, Equatable {
    public var client: String
    public var estimateUSD: Double

    public init(client: String, estimateUSD: Double) {
        self.client = client
        self.estimateUSD = estimateUSD
    }
}
