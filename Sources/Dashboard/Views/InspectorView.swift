/// The inspector (Enter on a request): the whole `InspectorDocument`, scrollable, in one pane.
struct InspectorView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect, requestID: String) {
        let record = state.displayed.request(id: requestID)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let lines = record.map { InspectorDocument(record: $0, context: state.context, glyphs: glyphs).lines(width: max(1, inner.width)) }
            ?? [StyledLine("This request is no longer kept (only the newest \(TrafficState.requestLimit) are).", .muted)]
        let maxScroll = max(0, lines.count - inner.height)
        let scroll = min(state.view.inspectorScroll, maxScroll)
        var note = StyledLine()
        if maxScroll > 0 { note.append("\(scroll + 1)–\(min(lines.count, scroll + inner.height)) of \(lines.count)", .muted) }
        PaneFrame(glyphs: glyphs).draw(
            into: &grid, rect: rect, title: StyledLine("Inspector \(requestID)", .title), note: note, focused: true)
        guard inner.height > 0, inner.width > 0 else { return }
        for (offset, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            grid.put(line, x: inner.x, y: inner.y + offset, maxWidth: inner.width)
        }
    }
}
