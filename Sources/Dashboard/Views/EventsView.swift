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
            grid.put(Self.emptyText(state), x: inner.x, y: inner.y, maxWidth: inner.width, style: CellStyle(.muted))
            return
        }
        // Each event takes up to two lines, the second indented under the text.
        let first = min(state.view.eventsScroll, max(0, events.count - 1))
        let indent = 14
        var y = inner.y
        for event in events.dropFirst(first) where y < inner.maxY {
            guard inner.width > indent + 20 else {
                grid.put(Self.line(event, utcOffset: state.context.utcOffset), x: inner.x, y: y, maxWidth: inner.width)
                y += 1
                continue
            }
            grid.put(Self.prefix(event, utcOffset: state.context.utcOffset), x: inner.x, y: y, maxWidth: indent)
            let text = TextWrapper.wrap([Self.text(event)], width: inner.width - indent).prefix(2)
            for part in text where y < inner.maxY {
                grid.put(part, x: inner.x + indent, y: y, maxWidth: inner.width - indent)
                y += 1
            }
        }
    }

    /// Why no line is shown: nothing happened yet, or the filter or level hides everything.
    static func emptyText(_ state: DashboardState) -> String {
        guard !state.displayed.events.isEmpty else { return "nothing yet" }
        let level = state.view.minimumLevel
        let levelText = level == .info ? "" : " at \(level.rawValue) or above"
        if !state.view.filter.isEmpty { return "no events match '\(state.view.filter)'\(levelText) (Esc clears)" }
        return "no events\(levelText) (l changes the level)"
    }

    static func line(_ event: EventLine, utcOffset: Int) -> StyledLine {
        prefix(event, utcOffset: utcOffset) + StyledLine([text(event)])
    }

    /// `12:03:04 WARN ` — 14 columns.
    static func prefix(_ event: EventLine, utcOffset: Int) -> StyledLine {
        var line = StyledLine(DisplayFormat.clock(event.time, utcOffset: utcOffset) + " ", .muted)
        switch event.level {
        case .info: line.append("info ", .muted)
        case .warning: line.append("WARN ", .warn, bold: true)
        case .error: line.append("ERR  ", .error, bold: true)
        }
        return line
    }

    static func text(_ event: EventLine) -> TextSpan {
        TextSpan(event.text, event.level == .error ? .error : .normal)
    }
}
