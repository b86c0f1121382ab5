import ProxyCore

/// Defensive redaction for everything the inspector shows. The server already redacts; this
/// catches anything that slipped through (keys, bearer tokens, cloud tokens, secret-named JSON
/// fields) and shortens it with `Redactor`, so no secret reaches the screen or a screenshot.
public enum InspectorRedaction {
    public static func scrub(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var result = text
        // Secret-named JSON fields first, whole value.
        result = result.replacing(secretField) { match in
            var value = String(match.output.3)
            var scheme = ""
            if value.lowercased().hasPrefix("bearer ") {
                scheme = String(value.prefix(7))
                value.removeFirst(7)
            }
            guard !isSafe(value) else { return String(match.output.0) }
            return "\(match.output.1)\(scheme)\(Redactor.redact(value))\""
        }
        result = result.replacing(bearer) { match in
            let token = String(match.output.2)
            return isSafe(token) ? String(match.output.0) : "\(match.output.1)\(Redactor.redact(token))"
        }
        for pattern in tokenPatterns {
            result = result.replacing(pattern) { match in Redactor.redact(String(match.output)) }
        }
        return result
    }

    public static func scrub(_ inspection: RequestInspection) -> RequestInspection {
        var scrubbed = inspection
        scrubbed.clientRequest = scrub(inspection.clientRequest)
        scrubbed.clientHeaders = inspection.clientHeaders.mapValues { scrub($0) }
        for (name, value) in scrubbed.clientHeaders where isSecretHeader(name) && !isSafe(value) {
            scrubbed.clientHeaders[name] = Redactor.redact(value)
        }
        scrubbed.upstreamRequest = scrub(inspection.upstreamRequest)
        scrubbed.clientSystemPrompt = inspection.clientSystemPrompt.map(scrub)
        scrubbed.identityPrompt = inspection.identityPrompt.map(scrub)
        scrubbed.upstreamSystemPrompt = inspection.upstreamSystemPrompt.map(scrub)
        scrubbed.notes = inspection.notes.map(scrub)
        scrubbed.response = inspection.response.map(scrub)
        scrubbed.curl = scrub(inspection.curl)
        return scrubbed
    }

    static func isSecretHeader(_ name: String) -> Bool {
        ["authorization", "x-api-key", "api-key", "x-goog-api-key", "proxy-authorization", "cookie"]
            .contains(name.lowercased())
    }

    /// Already redacted, or a placeholder such as `$CLAUDE_PROXY_KEY`.
    private static func isSafe(_ value: String) -> Bool {
        value.contains("…") || value.contains("$") || value.count < 8
    }

    nonisolated(unsafe) private static let secretField =
        #/(?i)("(?:x-api-key|api[-_]?key|authorization|x-goog-api-key|refresh_token|access_token|id_token|client_secret|secret_access_key|session_token|password)"\s*:\s*")(((?:[^"\\]|\\.)*))"/#
    nonisolated(unsafe) private static let bearer = #/(?i)(bearer\s+)([A-Za-z0-9._~+/=\-]{8,})/#
    nonisolated(unsafe) private static let tokenPatterns: [Regex<Substring>] = [
        #/sk-ant-[A-Za-z0-9]+-[A-Za-z0-9_\-]{8,}/#,
        #/sk-[A-Za-z0-9_\-]{20,}/#,
        #/(?:AKIA|ASIA)[A-Z0-9]{16}/#,
        #/ya29\.[A-Za-z0-9_\-]{16,}/#,
    ]
}
