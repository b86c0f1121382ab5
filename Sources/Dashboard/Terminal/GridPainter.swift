import CNcurses

/// Copies a `CellGrid` to ncurses: only rows that changed since the last frame, runs of equal
/// style written in one call, roles mapped to colour pairs or (monochrome) to attributes.
@MainActor
final class GridPainter {
    private let colour: Bool
    private var previous: CellGrid?

    init(colour: Bool) {
        self.colour = colour
        if colour { Self.definePairs() }
    }

    func paint(_ grid: CellGrid, full: Bool) {
        guard !TerminalGuard.hasCrashed else { return }
        if full || previous?.width != grid.width || previous?.height != grid.height {
            erase()
            previous = nil
        }
        for y in 0..<grid.height {
            let row = grid.row(y)
            if let previous, previous.row(y).elementsEqual(row) { continue }
            paintRow(row, y: y)
        }
        previous = grid
        refresh()
    }

    private func paintRow(_ row: ArraySlice<Cell>, y: Int) {
        move(Int32(y), 0)
        var run = ""
        var runStyle: CellStyle?
        func flush() {
            guard let style = runStyle, !run.isEmpty else { return }
            _ = cp_attrset(attributes(for: style))
            addstr(run)
            run = ""
        }
        for cell in row where !cell.isContinuation {
            if cell.style != runStyle {
                flush()
                runStyle = cell.style
            }
            run.append(cell.character)
        }
        flush()
        _ = cp_attrset(cp_a_normal())
    }

    private func attributes(for style: CellStyle) -> attr_t {
        var attributes = cp_a_normal()
        if style.bold { attributes |= cp_a_bold() }
        if style.reverse || style.role == .selected { attributes |= cp_a_reverse() }
        if colour {
            let pair = Self.pair(for: style.role)
            if pair > 0 { attributes |= cp_color_pair(pair) }
            if style.role == .muted || style.role == .thinking { attributes |= cp_a_dim() }
        } else {
            switch style.role {
            case .muted, .thinking, .border: attributes |= cp_a_dim()
            case .focusBorder, .title, .warn, .error: attributes |= cp_a_bold()
            case .demo: attributes |= cp_a_bold() | cp_a_reverse()
            case .identity, .tool: attributes |= cp_a_underline()
            default: break
            }
        }
        return attributes
    }

    private static func pair(for role: ColorRole) -> Int16 {
        switch role {
        case .normal, .muted, .selected: 0
        default: Int16(role.rawValue)
        }
    }

    private static func definePairs() {
        let palette: [ColorRole: (Int16, Int16)] = [
            .border: (Int16(COLOR_BLUE), -1), .focusBorder: (Int16(COLOR_CYAN), -1), .title: (Int16(COLOR_CYAN), -1),
            .accent: (Int16(COLOR_CYAN), -1), .ok: (Int16(COLOR_GREEN), -1), .warn: (Int16(COLOR_YELLOW), -1),
            .error: (Int16(COLOR_RED), -1), .demo: (Int16(COLOR_MAGENTA), -1), .identity: (Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
            .thinking: (Int16(COLOR_WHITE), -1), .tool: (Int16(COLOR_MAGENTA), -1),
        ]
        for (role, colours) in palette {
            init_pair(Int16(role.rawValue), colours.0, colours.1)
        }
    }
}
