import Foundation

/// Where the state database lives: `ledger.path` from config when set, else
/// `$XDG_STATE_HOME/claude-proxy/claude-proxy.sqlite` (default `~/.local/state/claude-proxy/…`).
public enum StateDatabasePath {
    public static let fileName = "claude-proxy.sqlite"

    public static func resolve(configured: String?, environment: [String: String]) -> String {
        if let configured, !configured.isEmpty {
            return expandingTilde(configured, environment: environment)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        return base + "/claude-proxy/" + fileName
    }

    /// The file DEMO mode uses instead of `path`: `claude-proxy.sqlite` → `claude-proxy-demo.sqlite`.
    public static func demoVariant(of path: String) -> String {
        path.hasSuffix(".sqlite") ? String(path.dropLast(".sqlite".count)) + "-demo.sqlite" : path + "-demo"
    }

    static func expandingTilde(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
