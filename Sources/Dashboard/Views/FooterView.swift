/// The bottom line: the filter being typed, the quit question, drain progress, a command's
/// result, or else the keys. `? help` and `q quit` stay at the right end whatever the width, so
/// a small terminal never hides how to get help or out.
struct FooterView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        guard let pinned, rect.width > pinned.width else {
            grid.put(line(room: rect.width), x: rect.x, y: rect.y, maxWidth: rect.width)
            return
        }
        let room = rect.width - pinned.width
        let rest = line(room: room)
        guard rest.width > room else {
            grid.put(rest + pinned, x: rect.x, y: rect.y, maxWidth: rect.width)
            return
        }
        grid.put(rest, x: rect.x, y: rect.y, maxWidth: room)
        grid.put(pinned, x: rect.x + room, y: rect.y, maxWidth: pinned.width)
    }

    /// The keys kept visible; nil while the footer asks or reports something that needs the whole line.
    private var pinned: StyledLine? {
        let view = state.view
        guard view.filterDraft == nil, !view.quitting, !view.confirmingQuit else { return nil }
        return hints(view.mode == .help ? [("q", "quit")] : [("?", "help"), ("q", "quit")], room: .max)
    }

    private func line(room: Int) -> StyledLine {
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
        if view.toast == nil { line = line + hints(keyHints, room: room - line.width) }
        return line
    }

    /// As many whole hints as fit in `room` columns.
    private func hints(_ keys: [(String, String)], room: Int) -> StyledLine {
        var line = StyledLine()
        for (key, action) in keys {
            var hint = StyledLine(" \(key)", .accent, bold: true)
            hint.append(" \(action)", .muted)
            guard line.width + hint.width <= room else { break }
            line = line + hint
        }
        return line
    }

    private var keyHints: [(String, String)] {
        switch state.view.mode {
        case .overview:
            [("\(glyphs.up)\(glyphs.down)", "select"), (glyphs.enter, "inspect"), ("Tab", "pane"), ("f", "refresh"),
             ("r", "reload"), ("p", state.isPaused ? "resume" : "pause"), ("c", "clear"), ("/", "filter"),
             ("l", "level"), ("u", "usage")]
        case .inspector:
            [("\(glyphs.up)\(glyphs.down)", "scroll"), ("PgUp/PgDn", "page"), ("y", "copy curl"), ("Esc", "back"),
             ("f", "refresh"), ("r", "reload")]
        case .help:
            [("Esc", "back")]
        case .usage:
            [("u/Esc", "back"), ("r", "reload")]
        }
    }
}
