import Foundation

/// One spending cap from the config file's `budgets`: how much a scope may spend per period, and
/// what happens when it has.
///
/// ```json
/// {"name": "daily", "scope": "global", "period": "day", "usd": 5, "action": "refuse"}
/// ```
public struct BudgetRule: Sendable, Equatable {
    /// Whose requests count against the budget.
    public enum Scope: Sendable, Equatable, CustomStringConvertible {
        /// Every request the proxy serves.
        case global
        /// Requests from one client: its key name when client keys are configured, else its address.
        case client(String)

        public func covers(client: String) -> Bool {
            switch self {
            case .global: true
            case .client(let name): name == client
            }
        }

        public var description: String {
            switch self {
            case .global: "global"
            case .client(let name): "client:\(name)"
            }
        }
    }

    public enum Period: String, Sendable, Equatable, CaseIterable {
        case day, month
    }

    public enum Action: String, Sendable, Equatable, CaseIterable {
        /// New requests of the scope get a 429 once the budget is spent.
        case refuse
        /// Only an event and the dashboard header say that the budget is spent.
        case warn
    }

    public var name: String
    public var scope: Scope
    public var period: Period
    /// The cap in US dollars.
    public var limitUSD: Double
    public var action: Action
    /// The zone whose midnight (or first of the month) starts a new period.
    public var timeZone: TimeZone

    public init(
        name: String, scope: Scope = .global, period: Period, limitUSD: Double, action: Action = .refuse,
        timeZone: TimeZone = .current
    ) {
        self.name = name
        self.scope = scope
        self.period = period
        self.limitUSD = limitUSD
        self.action = action
        self.timeZone = timeZone
    }

    /// The period containing `now`: `[start, end)`, where `end` is when the budget resets.
    public func window(containing now: Date) -> DateInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let component: Calendar.Component = period == .day ? .day : .month
        if let interval = calendar.dateInterval(of: component, for: now) { return interval }
        // Only reachable for dates outside the calendar's range; a day-long window keeps the book usable.
        return DateInterval(start: now, duration: 86_400)
    }
}
