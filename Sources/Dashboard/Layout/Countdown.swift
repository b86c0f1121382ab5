/// A credential's "expires in" as a live countdown, and the colour it takes as it nears zero.
public enum Countdown {
    /// Below this many seconds the countdown turns to a warning.
    public static let warningSeconds = 600.0
    /// Below this many seconds it is shown as urgent.
    public static let urgentSeconds = 120.0

    /// `never`, `4m12s`, `59s`, `2h05m`, `expired 12s ago`.
    public static func format(expiresAt: Double?, now: Double) -> String {
        guard let expiresAt else { return "never" }
        let left = expiresAt - now
        if left <= 0 { return "expired \(DisplayFormat.duration(seconds: Int((-left).rounded(.down)))) ago" }
        return DisplayFormat.duration(seconds: Int(left.rounded(.up)))
    }

    public static func role(expiresAt: Double?, now: Double) -> ColorRole {
        guard let expiresAt else { return .ok }
        let left = expiresAt - now
        if left <= urgentSeconds { return .error }
        if left <= warningSeconds { return .warn }
        return .ok
    }
}
