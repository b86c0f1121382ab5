import HTTPTypes
import Hummingbird
import ProxyCore

/// Builds the inspector's record of a request: client body and headers, translated upstream
/// body, the three system prompts, notes, and a copy-as-curl line — secrets redacted.
enum InspectionBuilder {
    static let shownHeaders: [String] = ["user-agent", "content-type", "authorization", "x-api-key", "openai-organization"]

    static func make(
        requestID: String, request: Request, clientBody: JSONValue, translated: TranslatedRequest, settings: ProxySettings,
        listenURL: String
    ) -> RequestInspection {
        var headers: [String: String] = [:]
        for name in shownHeaders {
            guard let field = HTTPField.Name(name), let value = request.headers[field] else { continue }
            headers[name] = (name == "authorization" || name == "x-api-key") ? redactCredential(value) : value
        }
        let secrets = settings.secrets
        let clientText = Redactor.scrub(JSONWriter.pretty(abbreviated(clientBody)), secrets: secrets)
        let upstreamText = Redactor.scrub(JSONWriter.pretty(abbreviated(.object(translated.body))), secrets: secrets)
        let curlBody = JSONWriter.string(clientBody).replacing("'", with: "'\\''")
        let auth = settings.clientKeys.isEmpty ? "" : " -H \"Authorization: Bearer $CLAUDE_PROXY_KEY\""
        let curl = "curl -sS \(listenURL)\(request.uri.path) -H 'Content-Type: application/json'\(auth) -d '\(curlBody)'"
        return RequestInspection(
            requestID: requestID, clientRequest: clientText, clientHeaders: headers, upstreamRequest: upstreamText,
            clientSystemPrompt: translated.clientSystemPrompt, identityPrompt: settings.identity.systemPrompt,
            identityMode: settings.identity.mode.rawValue, upstreamSystemPrompt: translated.upstreamSystemPrompt,
            notes: translated.notes, response: nil, curl: Redactor.scrub(curl, secrets: secrets))
    }

    static func redactCredential(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        if parts.count == 2 { return "\(parts[0]) \(Redactor.redact(String(parts[1])))" }
        return Redactor.redact(value)
    }

    /// Long base64 payloads (images, PDFs) are shortened so the inspector stays readable.
    static func abbreviated(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.utf8.count > 2000:
            return .string(String(text.prefix(120)) + "… (\(text.utf8.count) bytes)")
        case .array(let items): return .array(items.map(abbreviated))
        case .object(var object):
            for (key, item) in object.pairs { object[key] = abbreviated(item) }
            return .object(object)
        default: return value
        }
    }
}
