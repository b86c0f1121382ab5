/// What the terminal can show: UTF-8 (else ASCII box drawing and `?` for other characters)
/// and colour (else bold/dim/reverse only).
public struct TerminalCapabilities: Sendable, Equatable {
    public var unicode: Bool
    public var colour: Bool

    public init(unicode: Bool, colour: Bool) {
        self.unicode = unicode
        self.colour = colour
    }

    /// `NO_COLOR` (any non-empty value, see no-color.org) turns colour off; `CLAUDE_PROXY_ASCII=1`
    /// forces ASCII drawing even on a UTF-8 terminal.
    public static func detect(environment: [String: String], codeset: String, terminalHasColours: Bool) -> Self {
        let utf8 = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        let forcedASCII = environment["CLAUDE_PROXY_ASCII"].map { !$0.isEmpty && $0 != "0" } ?? false
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Self(unicode: utf8 && !forcedASCII, colour: terminalHasColours && !noColour)
    }
}
