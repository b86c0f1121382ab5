/// One character cell of the screen. A wide character fills its cell and marks the next one
/// as its continuation, which the painter skips.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: CellStyle
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: CellStyle = .normal, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
