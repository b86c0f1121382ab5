import ProxyCore

/// The `[[scenario:NAME]]` markers the demo's traffic puts in its prompts to steer the simulated
/// Claude (see `FakeUpstream/Scenario.swift`), removed from what the demo's inspector shows.
enum DemoScenarioMarkers {
    static func strip(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: "[[scenario:"), let end = rest[start.upperBound...].range(of: "]]") {
            result += rest[..<start.lowerBound]
            rest = rest[end.upperBound...]
            // The marker is written before the prompt's text with one space after it.
            if rest.first == " " { rest = rest.dropFirst() }
        }
        return result + rest
    }

    static func strip(_ inspection: RequestInspection) -> RequestInspection {
        var stripped = inspection
        stripped.clientRequest = strip(inspection.clientRequest)
        stripped.upstreamRequest = strip(inspection.upstreamRequest)
        stripped.clientSystemPrompt = inspection.clientSystemPrompt.map(strip)
        stripped.upstreamSystemPrompt = inspection.upstreamSystemPrompt.map(strip)
        stripped.response = inspection.response.map(strip)
        stripped.curl = strip(inspection.curl)
        return stripped
    }
}
