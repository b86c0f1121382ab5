import Foundation

/// The timestamps AWS credential sources hand out: ISO 8601 (`2026-11-24T20:00:00Z`, with or
/// without fractional seconds, `Z` or an offset), and SigV4's compact `20150830T123600Z`.
enum AWSTimestamp {
    /// Unix seconds, or nil when `text` is not an ISO 8601 date-time.
    static func parseISO8601(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: trimmed) { return date.timeIntervalSince1970 }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: trimmed)?.timeIntervalSince1970
    }

    /// Unix seconds of a SigV4 `X-Amz-Date` (`yyyyMMdd'T'HHmmss'Z'`, UTC).
    static func parseCompact(_ text: String) -> Double? {
        let digits = Array(text.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        return calendar.date(from: components)?.timeIntervalSince1970
    }

    /// `2015-08-31 00:36:00 UTC`, for the credentials pane and `claude-proxy check`.
    static func display(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
