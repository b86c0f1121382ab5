/// Draws a pane's border with its title set into the top edge (and an optional note at the
/// right of it), highlighted when the pane has focus.
struct PaneFrame {
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect, title: StyledLine, note: StyledLine = StyledLine(), focused: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let border = CellStyle(focused ? .focusBorder : .border, bold: focused)
        let right = rect.x + rect.width - 1
        let bottom = rect.maxY - 1
        for x in rect.x...right {
            grid.put(String(glyphs.horizontal), x: x, y: rect.y, style: border)
            grid.put(String(glyphs.horizontal), x: x, y: bottom, style: border)
        }
        for y in rect.y...bottom {
            grid.put(String(glyphs.vertical), x: rect.x, y: y, style: border)
            grid.put(String(glyphs.vertical), x: right, y: y, style: border)
        }
        grid.put(String(glyphs.topLeft), x: rect.x, y: rect.y, style: border)
        grid.put(String(glyphs.topRight), x: right, y: rect.y, style: border)
        grid.put(String(glyphs.bottomLeft), x: rect.x, y: bottom, style: border)
        grid.put(String(glyphs.bottomRight), x: right, y: bottom, style: border)

        let room = rect.width - 4
        guard room > 0 else { return }
        let noteWidth = note.spans.isEmpty ? 0 : min(note.width + 2, room / 2)
        var heading = StyledLine(" ") + title + StyledLine(" ")
        if focused { heading.spans = heading.spans.map { TextSpan($0.text, CellStyle($0.style.role, bold: true)) } }
        grid.put(heading, x: rect.x + 2, y: rect.y, maxWidth: room - noteWidth)
        if noteWidth > 0 {
            let noteLine = StyledLine(" ") + note + StyledLine(" ")
            let width = min(noteLine.width, noteWidth)
            grid.put(noteLine, x: right - 1 - width, y: rect.y, maxWidth: width)
        }
    }
}
