import Foundation

/// Home-relative paths in configuration (`~/x`) and their short display form.
enum UserPath {
    static func home(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    static func expand(_ path: String, environment: [String: String]) -> String {
        if path == "~" { return home(environment: environment) }
        if path.hasPrefix("~/") { return home(environment: environment) + String(path.dropFirst(1)) }
        return path
    }

    /// `/home/pi/.config/anthropic` → `~/.config/anthropic`, for messages and the dashboard.
    static func display(_ path: String, environment: [String: String]) -> String {
        let home = home(environment: environment)
        guard !home.isEmpty, home != "/" else { return path }
        if path == home { return "~" }
        if path.hasPrefix(home + "/") { return "~" + String(path.dropFirst(home.count)) }
        return path
    }

    static func join(_ directory: String, _ components: String...) -> String {
        var result = directory
        for component in components {
            if !result.hasSuffix("/") { result += "/" }
            result += component
        }
        return result
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
