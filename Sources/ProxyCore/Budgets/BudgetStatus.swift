import Foundation

/// A budget as `/health`, the dashboard and `claude-proxy usage` show it.
public struct BudgetStatus: Sendable, Equatable {
    public enum Level: String, Sendable, Comparable, CaseIterable {
        /// Below 80 % of the cap.
        case ok
        /// At 80 % of the cap or more.
        case nearing
        /// The cap is reached: a `refuse` budget refuses new requests of its scope.
        case spent

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }

        static func of(spent: Double, limit: Double) -> Level {
            if spent >= limit { return .spent }
            return spent >= limit * BudgetStatus.nearingFraction ? .nearing : .ok
        }
    }

    /// The share of a budget at which it counts as nearly spent.
    public static let nearingFraction = 0.8

    public var name: String
    /// `global` or `client:<name>`.
    public var scope: String
    public var period: BudgetRule.Period
    public var action: BudgetRule.Action
    public var limitUSD: Double
    /// What finished requests of the current period cost (known prices only).
    public var spentUSD: Double
    /// The estimated cost of the scope's requests still running.
    public var inFlightUSD: Double
    public var periodStart: Date
    /// When the period ends and the budget resets.
    public var resetsAt: Date

    public init(
        name: String, scope: String, period: BudgetRule.Period, action: BudgetRule.Action, limitUSD: Double,
        spentUSD: Double, inFlightUSD: Double, periodStart: Date, resetsAt: Date
    ) {
        self.name = name
        self.scope = scope
        self.period = period
        self.action = action
        self.limitUSD = limitUSD
        self.spentUSD = spentUSD
        self.inFlightUSD = inFlightUSD
        self.periodStart = periodStart
        self.resetsAt = resetsAt
    }

    public var remainingUSD: Double { max(0, limitUSD - spentUSD) }
    public var level: Level { Level.of(spent: spentUSD, limit: limitUSD) }
    /// Spent as a fraction of the cap (may exceed 1).
    public var fraction: Double { limitUSD > 0 ? spentUSD / limitUSD : 1 }
}
