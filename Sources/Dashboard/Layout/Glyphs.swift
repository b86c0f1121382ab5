/// The few non-letter characters the dashboard draws, in UTF-8 and in ASCII.
public struct Glyphs: Sendable {
    public let horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Character
    public let ellipsis: String
    public let arrow: String
    public let bullet: String
    public let up, down: String
    public let enter: String
    public let cursor: Character
    /// A filled and an empty cell of a bar (the usage view's days and budgets).
    public let barFull, barEmpty: Character

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        ellipsis: "…", arrow: "→", bullet: "●", up: "↑", down: "↓", enter: "⏎", cursor: "█", barFull: "█", barEmpty: "░")
    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        ellipsis: "~", arrow: ">", bullet: "*", up: "^", down: "v", enter: "Enter", cursor: "_", barFull: "#", barEmpty: ".")

    public static func `for`(_ capabilities: TerminalCapabilities) -> Glyphs {
        capabilities.unicode ? .unicode : .ascii
    }
}
