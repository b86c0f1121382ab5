/// A lower pane folded to one line on a small terminal: its name and the most useful fact
/// (the newest event, the nearest credential expiry, the streaming request), and how to open it.
struct CollapsedPaneView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(_ pane: Pane, into grid: inout CellGrid, rect: Rect) {
        var line = StyledLine(" \(pane.title): ", CellStyle(.title, bold: true))
        line = line + summary(pane)
        grid.put(line, x: rect.x, y: rect.y, maxWidth: rect.width - 12)
        let hint = "Tab opens"
        grid.put(hint, x: rect.x + rect.width - hint.count - 1, y: rect.y, style: CellStyle(.muted))
    }

    private func summary(_ pane: Pane) -> StyledLine {
        switch pane {
        case .credentials:
            guard let credential = state.displayed.credentials.min(by: {
                ($0.expiresAt ?? .infinity) < ($1.expiresAt ?? .infinity)
            }) else { return StyledLine("none reported yet", .muted) }
            return CredentialsView.headline(credential, state: state, glyphs: glyphs)
        case .events:
            guard let newest = state.visibleEvents.first else { return StyledLine(EventsView.emptyText(state), .muted) }
            return EventsView.line(newest, utcOffset: state.context.utcOffset)
        case .live:
            guard let record = state.selectedRequest else { return StyledLine("no request yet", .muted) }
            let lines = LiveStreamView.lines(for: record, width: 10_000, glyphs: glyphs)
            let last = lines.last { $0.plainText.contains { !$0.isWhitespace } } ?? StyledLine()
            return StyledLine("\(record.id) ", .muted) + last
        case .requests:
            return StyledLine()
        }
    }
}
