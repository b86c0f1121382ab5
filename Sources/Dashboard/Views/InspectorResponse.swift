/// The inspector's Response (or Error) section: what the proxy published as the response when it
/// did, else what the request's own events say — the answer's text, thinking and tool calls, the
/// stop reason and usage — or the error. "Not complete yet" only while the request is running.
enum InspectorResponse {
    static func spans(for record: RequestRecord, published: String?) -> [TextSpan] {
        var spans: [TextSpan] = []
        if record.phase == .error {
            let status = record.status.map { "\($0) " } ?? ""
            spans.append(TextSpan("error \(status)\(record.errorSummary ?? "")\n", CellStyle(.error, bold: true)))
        }
        if let published {
            spans.append(TextSpan(InspectorRedaction.scrub(published) + "\n"))
        } else {
            spans += transcript(record.transcript)
        }
        switch record.phase {
        case .done:
            var summary: [String] = []
            if let stop = record.stopReason { summary.append("stop_reason \(stop)") }
            if let finish = record.finishReason { summary.append("finish_reason \(finish)") }
            if let usage = record.usage {
                summary.append("usage \(usage.promptTokens) in / \(usage.outputTokens) out")
            }
            if published == nil, record.transcript.isEmpty { spans.append(TextSpan("(no text in the answer)\n", .muted)) }
            if !summary.isEmpty { spans.append(TextSpan(summary.joined(separator: " · ") + "\n", .muted)) }
        case .cancelled:
            spans.append(TextSpan("(cancelled: the client disconnected before the end)\n", .warn))
        case .error:
            break
        case .queued, .waiting, .streaming, .retrying:
            spans.append(TextSpan("(not complete yet)\n", .muted))
        }
        return spans
    }

    private static func transcript(_ transcript: Transcript) -> [TextSpan] {
        var spans: [TextSpan] = []
        if transcript.droppedCharacters > 0 {
            spans.append(TextSpan("(\(transcript.droppedCharacters) earlier characters not kept)\n", .muted))
        }
        for segment in transcript.segments {
            switch segment {
            case .text(let text):
                spans.append(TextSpan(InspectorRedaction.scrub(text) + "\n"))
            case .thinking(let text):
                spans.append(TextSpan("thinking: ", CellStyle(.thinking, bold: true)))
                spans.append(TextSpan(InspectorRedaction.scrub(text) + "\n", .thinking))
            case .toolCall(_, let name, let arguments):
                spans.append(TextSpan("tool call \(name)(", CellStyle(.tool, bold: true)))
                spans.append(TextSpan(InspectorRedaction.scrub(arguments), .tool))
                spans.append(TextSpan(")\n", CellStyle(.tool, bold: true)))
            }
        }
        return spans
    }
}
