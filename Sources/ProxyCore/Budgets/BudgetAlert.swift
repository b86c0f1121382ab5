import Foundation

/// A budget crossed a line (80 % or all of it) in the current period; raised once per line
/// per period as a warning event.
public struct BudgetAlert: Sendable, Equatable {
    public var status: BudgetStatus

    public init(status: BudgetStatus) {
        self.status = status
    }

    /// The operator-facing sentence, e.g. `budget 'daily' (global, day): $4.02 of $5.00 spent (80 %); …`.
    public var message: String {
        let s = status
        let head =
            "budget '\(s.name)' (\(s.scope), \(s.period.rawValue)): \(BudgetFormat.usd(s.spentUSD)) of "
            + "\(BudgetFormat.usd(s.limitUSD)) spent (\(Int((s.fraction * 100).rounded(.down))) %)"
        let reset = "resets \(BudgetFormat.time(s.resetsAt))"
        switch (s.level, s.action) {
        case (.spent, .refuse): return "\(head); new requests are refused until it \(reset)"
        case (.spent, .warn): return "\(head); this budget only warns, requests continue; it \(reset)"
        default: return "\(head); it \(reset)"
        }
    }
}

/// How budgets print money and times in messages (UTC, ISO 8601, so a log line is unambiguous).
public enum BudgetFormat {
    public static func usd(_ value: Double) -> String {
        value < 0.01 && value > 0 ? String(format: "$%.4f", value) : String(format: "$%.2f", value)
    }

    public static func time(_ date: Date) -> String {
        RFC3339.format(unixSeconds: Int(date.timeIntervalSince1970.rounded(.down)))
    }
}
