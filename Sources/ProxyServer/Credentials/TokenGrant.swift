import Foundation
import ProxyCore

/// A successful token endpoint reply (RFC 6749 §5.1), Anthropic's or Google's.
struct TokenGrant: Sendable, Equatable {
    var accessToken: String
    /// Seconds; nil when the reply did not say.
    var expiresIn: Double?
    /// A rotated refresh token, when the endpoint sent one.
    var refreshToken: String?

    /// Parses a 200 reply. `endpoint` names it in errors; `requireExpiry` rejects a reply
    /// without `expires_in`.
    static func parse(_ body: [UInt8], endpoint: String, requireExpiry: Bool) throws(CredentialError) -> TokenGrant {
        guard let json = try? JSONParser.parse(body), case .object(let object) = json else {
            throw CredentialError("\(endpoint) answered 200 with a body that is not a JSON object.", isTransient: true)
        }
        if let type = object["token_type"]?.stringValue, type.lowercased() != "bearer" {
            throw CredentialError("\(endpoint) returned token_type \(type), expected Bearer.")
        }
        guard let token = object["access_token"]?.stringValue, !token.isEmpty else {
            throw CredentialError("\(endpoint) answered 200 without an access_token.")
        }
        let expiresIn: Double?
        switch object["expires_in"] {
        case .number(let seconds)?: expiresIn = seconds
        case .string(let text)?: expiresIn = Double(text)
        default: expiresIn = nil
        }
        if requireExpiry && expiresIn == nil {
            throw CredentialError("\(endpoint) answered 200 without expires_in.")
        }
        let refresh = object["refresh_token"]?.stringValue
        return TokenGrant(
            accessToken: token, expiresIn: expiresIn, refreshToken: refresh?.isEmpty == true ? nil : refresh)
    }

    /// The `error` / `error_description` of an OAuth error reply (RFC 6749 §5.2), also accepting
    /// Anthropic's `{"error":{"type","message"}}` and Google's `{"error":{"status","message"}}`
    /// shapes; the description is cut to 256 characters.
    static func errorSummary(_ body: [UInt8]) -> (code: String?, description: String?) {
        guard let json = try? JSONParser.parse(body) else {
            let text = String(decoding: body.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return (nil, text.isEmpty ? nil : text)
        }
        var code: String?
        var description: String?
        switch json["error"] {
        case .string(let value)?:
            code = value
            description = json["error_description"]?.stringValue
        case .object(let error)?:
            code = error["type"]?.stringValue ?? error["status"]?.stringValue
            description = error["message"]?.stringValue
        default:
            description = json["message"]?.stringValue
        }
        if let text = description, text.count > 256 { description = String(text.prefix(256)) + "…" }
        return (code, description)
    }
}
