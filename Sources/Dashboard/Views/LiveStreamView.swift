/// The live pane: the selected (or newest) request's answer as it streams, word-wrapped,
/// thinking dimmed, tool calls as `name(arguments)`; follows the tail unless scrolled back.
struct LiveStreamView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        let record = state.selectedRequest
        var title = StyledLine("Live", .title)
        if let record {
            title.append(" \(record.id) · \(record.info.requestedModel) · ", .muted)
            title.append(record.phase.rawValue, record.phase == .error ? .error : .accent)
        }
        let scroll = state.view.liveScroll
        let note = scroll > 0 ? StyledLine("\(glyphs.up) \(scroll) lines back", .warn) : StyledLine()
        PaneFrame(glyphs: glyphs).draw(
            into: &grid, rect: rect, title: title, note: note, focused: state.view.focus == .live)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        guard inner.height > 0, inner.width > 0 else { return }
        let lines = Self.lines(for: record, width: inner.width, glyphs: glyphs)
        let end = max(0, lines.count - min(scroll, max(0, lines.count - inner.height)))
        let start = max(0, end - inner.height)
        for (offset, line) in lines[start..<end].enumerated() {
            grid.put(line, x: inner.x, y: inner.y + offset, maxWidth: inner.width)
        }
    }

    static func lines(for record: RequestRecord?, width: Int, glyphs: Glyphs) -> [StyledLine] {
        guard let record else {
            return [StyledLine("Waiting for the first request. The newest request's answer streams here.", .muted)]
        }
        var spans: [TextSpan] = []
        if record.transcript.droppedCharacters > 0 {
            spans.append(TextSpan("\(glyphs.ellipsis)(earlier text trimmed)\n", .muted))
        }
        for segment in record.transcript.segments {
            switch segment {
            case .text(let text):
                spans.append(TextSpan(text))
            case .thinking(let text):
                spans.append(TextSpan("thinking: ", CellStyle(.thinking, bold: true)))
                spans.append(TextSpan(text + "\n", .thinking))
            case .toolCall(_, let name, let arguments):
                if let last = spans.last, !last.text.hasSuffix("\n") { spans.append(TextSpan("\n")) }
                spans.append(TextSpan("\(name)(", CellStyle(.tool, bold: true)))
                spans.append(TextSpan(arguments, .tool))
                spans.append(TextSpan(")\n", CellStyle(.tool, bold: true)))
            }
        }
        if let last = spans.last, !last.text.hasSuffix("\n") { spans.append(TextSpan("\n")) }
        switch record.phase {
        case .queued:
            spans.append(TextSpan("queued: every upstream connection is busy…", .warn))
        case .waiting:
            spans.append(TextSpan(record.info.stream ? "waiting for the first token…" : "waiting for the response…", .muted))
        case .retrying:
            spans.append(TextSpan("retrying (attempt \(record.attempt + 1))…", .warn))
        case .error:
            spans.append(TextSpan("error \(record.status ?? 0): \(record.errorSummary ?? "")", CellStyle(.error, bold: true)))
        case .cancelled:
            spans.append(TextSpan("cancelled: the client disconnected", .warn))
        case .done:
            if record.transcript.isEmpty && !record.info.stream {
                spans.append(TextSpan("(not streamed — the answer is in the inspector: Enter)\n", .muted))
            }
            var summary = "— done"
            if let stop = record.stopReason { summary += ": \(stop)" }
            if let usage = record.usage {
                summary += " · \(DisplayFormat.tokens(usage.promptTokens)) in / \(DisplayFormat.tokens(usage.outputTokens)) out"
            }
            spans.append(TextSpan(summary, .muted))
        case .streaming:
            break
        }
        var lines = TextWrapper.wrap(spans, width: width)
        while lines.count > 1, lines.last?.spans.isEmpty == true { lines.removeLast() }
        return lines
    }
}
