import ProxyCore

/// The events pane: refreshes, reloads, retries, upstream errors, disconnects and warnings,
/// newest first, timestamped, scrollable and filtered by level (`l`) and text (`/`).
struct EventsView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        let events = state.visibleEvents
        var title = StyledLine("Events", .title)
        title.append(" (\(events.count))", .muted)
        let levelNote = state.view.minimumLevel == .info ? "all levels · l" : "\(state.view.minimumLevel.rawValue)+ · l"
        PaneFrame(glyphs: glyphs).draw(
            into: &grid, rect: rect, title: title, note: StyledLine(levelNote, .muted), focused: state.view.focus == .events)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        guard inner.height > 0, inner.width > 0 else { return }
        guard !events.isEmpty else {
            grid.put("nothing yet", x: inner.x, y: inner.y, maxWidth: inner.width, style: CellStyle(.muted))
            return
        }
        let first = min(state.view.eventsScroll, max(0, events.count - 1))
        for (offset, event) in events.dropFirst(first).prefix(inner.height).enumerated() {
            grid.put(Self.line(event, utcOffset: state.context.utcOffset), x: inner.x, y: inner.y + offset, maxWidth: inner.width)
        }
    }

    static func line(_ event: EventLine, utcOffset: Int) -> StyledLine {
        var line = StyledLine(DisplayFormat.clock(event.time, utcOffset: utcOffset) + " ", .muted)
        switch event.level {
        case .info: line.append("info ", .muted)
        case .warning: line.append("WARN ", .warn, bold: true)
        case .error: line.append("ERR  ", .error, bold: true)
        }
        line.append(event.text, event.level == .error ? .error : .normal)
        return line
    }
}
