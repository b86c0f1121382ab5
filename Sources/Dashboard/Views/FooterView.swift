/// The bottom line: the filter being typed, the quit question, drain progress, a command's
/// result, or else the keys.
struct FooterView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        grid.put(line, x: rect.x, y: rect.y, maxWidth: rect.width)
    }

    private var line: StyledLine {
        let view = state.view
        if let draft = view.filterDraft {
            var line = StyledLine(" filter: ", .accent, bold: true)
            line.append(draft)
            line.append(String(glyphs.cursor), .accent)
            line.append("   \(glyphs.enter) apply · Esc cancel · empty shows all", .muted)
            return line
        }
        let active = state.traffic.activeCount
        if view.quitting {
            if state.context.isAttached { return StyledLine(" Leaving; the proxy keeps running…", .muted) }
            return StyledLine(
                " Stopping: letting \(active) active stream\(active == 1 ? "" : "s") finish… (q again quits now)",
                CellStyle(.warn, bold: true))
        }
        if view.confirmingQuit {
            return StyledLine(
                " \(active) stream\(active == 1 ? " is" : "s are") active. Quit and let \(active == 1 ? "it" : "them") finish first? (y/n) ",
                CellStyle(.warn, bold: true, reverse: true))
        }
        var line = StyledLine()
        if let toast = view.toast {
            line.append(" \(toast.text) ", CellStyle(toast.ok ? .ok : .error, bold: true, reverse: true))
            line.append(" ")
        }
        for command in view.pendingCommands {
            line.append(command == .refreshCredentials ? "refreshing credentials… " : "reloading configuration… ", .accent)
        }
        if !view.filter.isEmpty { line.append("filter \"\(view.filter)\" (Esc clears)  ", .accent) }
        if view.toast == nil { line = line + keyHints }
        return line
    }

    private var keyHints: StyledLine {
        let keys: [(String, String)] = switch state.view.mode {
        case .overview:
            [("\(glyphs.up)\(glyphs.down)", "select"), (glyphs.enter, "inspect"), ("Tab", "pane"), ("f", "refresh"),
             ("r", "reload"), ("p", state.isPaused ? "resume" : "pause"), ("c", "clear"), ("/", "filter"),
             ("l", "level"), ("?", "help"), ("q", "quit")]
        case .inspector:
            [("\(glyphs.up)\(glyphs.down)", "scroll"), ("PgUp/PgDn", "page"), ("y", "copy curl"), ("Esc", "back"),
             ("f", "refresh"), ("r", "reload"), ("q", "quit")]
        case .help:
            [("Esc", "back"), ("q", "quit")]
        }
        var line = StyledLine()
        for (key, action) in keys {
            line.append(" \(key)", .accent, bold: true)
            line.append(" \(action)", .muted)
        }
        return line
    }
}
