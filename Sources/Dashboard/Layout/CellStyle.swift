/// How one cell is drawn: its role plus emphasis that holds in colour and in monochrome.
public struct CellStyle: Sendable, Equatable, Hashable {
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: ColorRole = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = CellStyle()
}
