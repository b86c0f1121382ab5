/// The requests pane: one row per request, newest first, with the selected row highlighted.
struct RequestsView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        let rows = state.visibleRequests
        let focused = state.view.focus == .requests
        var note = StyledLine()
        if !state.view.filter.isEmpty { note.append("filter: \(state.view.filter)", .accent) }
        PaneFrame(glyphs: glyphs).draw(
            into: &grid, rect: rect, title: StyledLine("Requests (\(rows.count))", .title), note: note, focused: focused)
        let inner = rect.inner
        guard inner.height > 0, inner.width > 0 else { return }
        let columns = RequestColumn.fitting(width: inner.width)
        var x = inner.x
        for column in columns {
            grid.put(aligned(column.title, column), x: x, y: inner.y, maxWidth: column.width, style: CellStyle(.muted, bold: true))
            x += column.width + 1
        }
        guard !rows.isEmpty else {
            if inner.height > 1 {
                let text = state.view.filter.isEmpty ? "no requests yet — point a client at \(state.context.listenURL)/v1" : "no request matches the filter"
                grid.put(text, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, style: CellStyle(.muted))
            }
            return
        }
        let visibleRows = inner.height - 1
        let selectedIndex = state.selectedRequest.flatMap { selected in rows.firstIndex { $0.id == selected.id } } ?? 0
        // Keep the selection on screen.
        let first = max(0, selectedIndex - visibleRows + 1)
        for (offset, record) in rows.dropFirst(first).prefix(visibleRows).enumerated() {
            let y = inner.y + 1 + offset
            var x = inner.x
            for column in columns {
                let (text, style) = cell(column.field, record)
                grid.put(aligned(TextWrapper.truncate(text, columns: column.width, ellipsis: glyphs.ellipsis), column),
                    x: x, y: y, maxWidth: column.width, style: style)
                x += column.width + 1
            }
            if first + offset == selectedIndex {
                let row = Rect(x: inner.x, y: y, width: inner.width, height: 1)
                if focused {
                    grid.restyle(row) { $0 = CellStyle(.selected, bold: true, reverse: true) }
                } else {
                    grid.restyle(row) { $0.bold = true }
                }
            }
        }
    }

    private func aligned(_ text: String, _ column: RequestColumn) -> String {
        guard column.alignRight else { return text }
        let width = DisplayWidth.of(text)
        return width < column.width ? String(repeating: " ", count: column.width - width) + text : text
    }

    private func cell(_ field: RequestColumn.Field, _ record: RequestRecord) -> (String, CellStyle) {
        let now = state.displayedNow
        switch field {
        case .time:
            return (DisplayFormat.clock(record.acceptedAt, utcOffset: state.context.utcOffset), CellStyle(.muted))
        case .client:
            return (record.info.client, .normal)
        case .api:
            return (RequestColumn.apiLabel(record.info.route), CellStyle(.muted))
        case .model:
            let info = record.info
            let model = info.requestedModel == info.upstreamModel || info.upstreamModel.isEmpty
                ? info.requestedModel : "\(info.requestedModel)\(glyphs.arrow)\(info.upstreamModel)"
            return (model, .normal)
        case .stream:
            return (record.info.stream ? "yes" : "no", CellStyle(.muted))
        case .state:
            let role: ColorRole = switch record.phase {
            case .waiting: .muted
            case .queued: .warn
            case .streaming: .accent
            case .retrying: .warn
            case .done: .ok
            case .error: .error
            case .cancelled: .warn
            }
            let attempt = record.phase == .retrying && record.attempt > 0 ? " \(record.attempt + 1)" : ""
            return (record.phase.rawValue + attempt, CellStyle(role, bold: record.phase == .error))
        case .elapsed:
            return (DisplayFormat.milliseconds(record.elapsedMs(now: now)), .normal)
        case .ttft:
            return (record.firstTokenMs.map(DisplayFormat.milliseconds) ?? "-", CellStyle(.muted))
        case .tokens:
            guard let usage = record.usage else { return ("-", CellStyle(.muted)) }
            return ("\(DisplayFormat.tokens(usage.promptTokens))/\(DisplayFormat.tokens(usage.outputTokens))", .normal)
        case .rate:
            return (record.tokensPerSecond(now: now).map(DisplayFormat.rate) ?? "-", CellStyle(.muted))
        case .stop:
            if record.phase == .error {
                return ("\(record.status ?? 0) \(record.errorSummary ?? "")", CellStyle(.error))
            }
            if record.retries > 0 && record.stopReason == nil { return ("\(record.retries) retry", CellStyle(.warn)) }
            return (record.stopReason ?? "", CellStyle(.muted))
        }
    }
}
