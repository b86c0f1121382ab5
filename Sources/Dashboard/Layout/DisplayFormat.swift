/// Short human forms of durations, token counts, money and clock times, sized for table cells.
public enum DisplayFormat {
    /// `850ms`, `1.2s`, `12s`, `2m05s`.
    public static func milliseconds(_ ms: Int) -> String {
        if ms < 1000 { return "\(max(0, ms))ms" }
        if ms < 10_000 { return "\(ms / 1000).\((ms % 1000) / 100)s" }
        let seconds = ms / 1000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(twoDigits(seconds % 60))s" }
        return "\(seconds / 3600)h\(twoDigits(seconds / 60 % 60))m"
    }

    /// `950`, `12.3k`, `120k`, `1.2M`.
    public static func tokens(_ count: Int) -> String {
        if count < 1000 { return "\(count)" }
        if count < 100_000 { return oneDecimal(Double(count) / 1000) + "k" }
        if count < 1_000_000 { return "\(count / 1000)k" }
        return oneDecimal(Double(count) / 1_000_000) + "M"
    }

    /// `$0.08`, `$12.40`, `<$0.01`, `$0`.
    public static func money(_ dollars: Double) -> String {
        if dollars <= 0 { return "$0" }
        if dollars < 0.01 { return "<$0.01" }
        let cents = Int((dollars * 100).rounded())
        return "$\(cents / 100).\(twoDigits(cents % 100))"
    }

    /// Local `HH:MM:SS` of a Unix time.
    public static func clock(_ time: Double, utcOffset: Int) -> String {
        let seconds = Int((time + Double(utcOffset)).rounded(.down))
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return "\(twoDigits(ofDay / 3600)):\(twoDigits(ofDay / 60 % 60)):\(twoDigits(ofDay % 60))"
    }

    /// `45s`, `12m03s`, `2h05m`, `3d04h`.
    public static func duration(seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(twoDigits(seconds % 60))s" }
        if seconds < 86_400 { return "\(seconds / 3600)h\(twoDigits(seconds / 60 % 60))m" }
        return "\(seconds / 86_400)d\(twoDigits(seconds / 3600 % 24))h"
    }

    /// `12.5 tok/s` style rate, one decimal below 100.
    public static func rate(_ value: Double) -> String {
        value < 100 ? oneDecimal(value) : "\(Int(value.rounded()))"
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
