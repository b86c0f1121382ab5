import Foundation

/// A half-open time range `[from, until)` of ledger rows; nil ends are unbounded. Built from the
/// reader's clock and time zone, so "today" and "this month" mean the same to `usage`, the
/// dashboard and budgets.
public struct LedgerPeriod: Sendable, Equatable {
    public var from: Date?
    public var until: Date?

    public init(from: Date? = nil, until: Date? = nil) {
        self.from = from
        self.until = until
    }

    public static let all = LedgerPeriod()

    /// The calendar day containing `now`.
    public static func today(now: Date, timeZone: TimeZone) -> LedgerPeriod {
        let calendar = gregorian(timeZone)
        let start = calendar.startOfDay(for: now)
        return LedgerPeriod(from: start, until: calendar.date(byAdding: .day, value: 1, to: start))
    }

    /// The calendar month containing `now`.
    public static func month(now: Date, timeZone: TimeZone) -> LedgerPeriod {
        let calendar = gregorian(timeZone)
        let start = calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? now
        return LedgerPeriod(from: start, until: calendar.date(byAdding: .month, value: 1, to: start))
    }

    /// The start of the day `text` (`YYYY-MM-DD`) in `timeZone`, or nil when it is not such a date.
    public static func startOfDay(_ text: String, timeZone: TimeZone) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        let calendar = gregorian(timeZone)
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }

    /// `date`'s calendar day in `timeZone`, as `YYYY-MM-DD`.
    public static func dayString(_ date: Date, timeZone: TimeZone) -> String {
        LedgerQueries.dayKey(date, calendar: gregorian(timeZone))
    }

    static func gregorian(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
