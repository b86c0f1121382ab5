import ProxyCore

/// The inspector's text for one request, as wrapped styled lines: summary and timings, the
/// system prompt three ways (client's, configured identity, sent upstream — identity
/// highlighted), both request bodies, the response or error, notes and a copy-as-curl line.
/// Everything passes through `InspectorRedaction` first.
struct InspectorDocument {
    let record: RequestRecord
    let context: DashboardContext
    let glyphs: Glyphs

    func lines(width: Int) -> [StyledLine] {
        var spans: [TextSpan] = []
        func heading(_ text: String) {
            let rule = String(repeating: String(glyphs.horizontal), count: max(0, min(width, 100) - DisplayWidth.of(text) - 4))
            spans.append(TextSpan("\n\(glyphs.horizontal)\(glyphs.horizontal) \(text) \(rule)\n", CellStyle(.title, bold: true)))
        }
        func field(_ name: String, _ value: String, _ role: ColorRole = .normal) {
            spans.append(TextSpan(name.padding(12), .muted))
            spans.append(TextSpan(InspectorRedaction.scrub(value) + "\n", role))
        }

        let info = record.info
        field("request", "\(record.id)  \(info.route)  \(info.stream ? "streaming" : "not streaming")")
        field("client", info.client)
        field("model", "\(info.requestedModel) \(glyphs.arrow) \(info.upstreamModel) on \(info.upstream)")
        var outcome = record.phase.rawValue
        if let status = record.status { outcome += " \(status)" }
        if let stop = record.stopReason { outcome += " · stop \(stop)" }
        if let finish = record.finishReason { outcome += " \(glyphs.arrow) finish_reason \(finish)" }
        field("state", outcome, record.phase == .error ? .error : .normal)
        if let error = record.errorSummary { field("error", error, .error) }
        var timings = "accepted \(DisplayFormat.clock(record.acceptedAt, utcOffset: context.utcOffset))"
        if let ttft = record.firstTokenMs { timings += " · first token \(DisplayFormat.milliseconds(ttft))" }
        if let duration = record.durationMs { timings += " · total \(DisplayFormat.milliseconds(duration))" }
        timings += " · attempts \(max(1, record.attempt))"
        if record.retries > 0 { timings += " (\(record.retries) retr\(record.retries == 1 ? "y" : "ies"))" }
        field("timings", timings)
        if let usage = record.usage {
            var tokens = "in \(usage.inputTokens) · cache read \(usage.cacheReadInputTokens) · cache write \(usage.cacheCreationInputTokens) · out \(usage.outputTokens)"
            if let thinking = usage.thinkingTokens { tokens += " (thinking \(thinking))" }
            tokens += " · ~\(DisplayFormat.money(PriceTable.cost(of: usage, model: info.upstreamModel)))"
            field("tokens", tokens)
        }
        if let upstreamID = record.upstreamRequestID { field("upstream id", upstreamID) }

        let scrubbed = record.inspection.map(InspectorRedaction.scrub)
        // The demo's traffic selects the simulated Claude's behaviour with markers in its prompts;
        // they are plumbing, not part of the conversation being shown.
        guard let inspection = context.isDemo ? scrubbed.map(DemoScenarioMarkers.strip) : scrubbed else {
            spans.append(TextSpan("\n(no inspection for this request yet: the proxy publishes it once the request is translated;\n", .muted))
            spans.append(TextSpan(" older requests keep only their summary)\n", .muted))
            return TextWrapper.wrap(spans, width: width)
        }
        let identity = inspection.identityPrompt.flatMap { $0.isEmpty ? nil : $0 }

        heading("System prompt")
        spans.append(TextSpan("client sent:\n", .muted))
        spans.append(TextSpan((inspection.clientSystemPrompt ?? "(none)") + "\n"))
        spans.append(TextSpan("identity (mode \(inspection.identityMode)):\n", .muted))
        spans.append(TextSpan((identity ?? "(none configured)") + "\n", identity == nil ? CellStyle(.muted) : CellStyle(.identity, bold: true)))
        spans.append(TextSpan("sent upstream:\n", .muted))
        spans += Self.highlighting(identity, in: inspection.upstreamSystemPrompt ?? "(none)")
        spans.append(TextSpan("\n"))

        heading("Client request")
        for name in inspection.clientHeaders.keys.sorted() {
            spans.append(TextSpan("\(name): ", .muted))
            spans.append(TextSpan("\(inspection.clientHeaders[name] ?? "")\n"))
        }
        spans.append(TextSpan(inspection.clientRequest + "\n"))

        heading("Upstream request (identity highlighted)")
        spans += Self.highlighting(identity, in: inspection.upstreamRequest)
        spans.append(TextSpan("\n"))

        heading(record.phase == .error ? "Error" : "Response")
        spans += InspectorResponse.spans(for: record, published: inspection.response)

        if !inspection.notes.isEmpty {
            heading("Adjustments")
            for note in inspection.notes { spans.append(TextSpan("\(glyphs.bullet) \(note)\n")) }
        }
        heading("Copy as curl (y copies to the clipboard)")
        spans.append(TextSpan(inspection.curl + "\n", .accent))
        return TextWrapper.wrap(spans, width: width)
    }

    /// Splits `text` so each occurrence of the identity (raw, or JSON-escaped inside a body) is highlighted.
    static func highlighting(_ identity: String?, in text: String) -> [TextSpan] {
        guard let identity, !identity.isEmpty else { return [TextSpan(text)] }
        let needles = [identity, jsonEscaped(identity)]
        for needle in needles where text.contains(needle) {
            var spans: [TextSpan] = []
            var rest = text[...]
            while let range = rest.range(of: needle) {
                spans.append(TextSpan(String(rest[..<range.lowerBound])))
                spans.append(TextSpan(String(rest[range]), CellStyle(.identity, bold: true)))
                rest = rest[range.upperBound...]
            }
            spans.append(TextSpan(String(rest)))
            return spans
        }
        return [TextSpan(text)]
    }

    static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
