/// One line of styled text, built from spans.
public struct StyledLine: Sendable, Equatable, ExpressibleByStringLiteral {
    public var spans: [TextSpan]

    public init(_ spans: [TextSpan] = []) {
        self.spans = spans
    }

    public init(_ text: String, _ style: CellStyle = .normal) {
        spans = [TextSpan(text, style)]
    }

    public init(_ text: String, _ role: ColorRole, bold: Bool = false) {
        spans = [TextSpan(text, role, bold: bold)]
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }
    public var plainText: String { spans.map(\.text).joined() }

    public mutating func append(_ text: String, _ style: CellStyle = .normal) {
        spans.append(TextSpan(text, style))
    }

    public mutating func append(_ text: String, _ role: ColorRole, bold: Bool = false) {
        spans.append(TextSpan(text, role, bold: bold))
    }

    public static func + (lhs: StyledLine, rhs: StyledLine) -> StyledLine {
        StyledLine(lhs.spans + rhs.spans)
    }
}
