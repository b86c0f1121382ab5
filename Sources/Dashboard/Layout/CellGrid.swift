/// The screen as a grid of styled cells: what the layout produces and the painter copies to
/// the terminal. `text` renders it as plain lines for golden-file tests.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// When false, anything outside printable ASCII is drawn as `?`.
    public let unicode: Bool

    public init(width: Int, height: Int, unicode: Bool = true) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.unicode = unicode
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func row(_ y: Int) -> ArraySlice<Cell> {
        cells[(y * width)..<((y + 1) * width)]
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` columns and to the grid; returns the
    /// columns used. Control characters become spaces; a wide character that does not fit is
    /// left out rather than split.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, maxWidth: Int = .max, style: CellStyle = .normal)
        -> Int
    {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x.addingReportingOverflow(maxWidth).overflow ? width : x + maxWidth)
        var column = x
        for original in text {
            let character = printable(original)
            let columns = DisplayWidth.of(character)
            if columns == 0 { continue }
            if column + columns > limit { break }
            if column >= 0 {
                self[column, y] = Cell(character, style: style)
                if columns == 2 { self[column + 1, y] = Cell(" ", style: style, isContinuation: true) }
            }
            column += columns
        }
        return max(0, column - x)
    }

    /// Writes styled spans one after another; returns the columns used.
    @discardableResult
    public mutating func put(_ line: StyledLine, x: Int, y: Int, maxWidth: Int) -> Int {
        var used = 0
        for span in line.spans where used < maxWidth {
            used += put(span.text, x: x + used, y: y, maxWidth: maxWidth - used, style: span.style)
        }
        return used
    }

    /// Paints `rect` with spaces of `style`.
    public mutating func fill(_ rect: Rect, style: CellStyle = .normal) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) {
                self[x, y] = Cell(" ", style: style)
            }
        }
    }

    /// Changes the style of cells already written in `rect` (e.g. a selected row).
    public mutating func restyle(_ rect: Rect, _ change: (inout CellStyle) -> Void) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) {
                change(&cells[y * width + x].style)
            }
        }
    }

    /// The grid as text, one line per row, trailing spaces removed.
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for cell in row(y) where !cell.isContinuation { line.append(cell.character) }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    private func printable(_ character: Character) -> Character {
        if character == "\t" { return " " }
        if let scalar = character.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F { return " " }
        if !unicode, !character.isASCII { return Self.asciiFallback[character] ?? "?" }
        return character
    }

    /// What the dashboard's own punctuation becomes on a terminal without UTF-8.
    static let asciiFallback: [Character: Character] = [
        "·": "-", "—": "-", "–": "-", "…": "~", "→": ">", "←": "<", "●": "*", "↑": "^", "↓": "v", "█": "#",
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "⏎": "<",
    ]
}
