/// A run of text in one style.
public struct TextSpan: Sendable, Equatable {
    public var text: String
    public var style: CellStyle

    public init(_ text: String, _ style: CellStyle = .normal) {
        self.text = text
        self.style = style
    }

    public init(_ text: String, _ role: ColorRole, bold: Bool = false) {
        self.init(text, CellStyle(role, bold: bold))
    }
}
