import AsyncHTTPClient
import Foundation
import ProxyCore

/// A Google service-account JSON key for Claude on Vertex AI (upstreams.md §2.5a): each fetch
/// signs a new RS256 assertion and exchanges it at the key's `token_uri` for a
/// `Bearer ya29…` access token (≈1 hour).
public struct GoogleServiceAccountProvider: CredentialProvider {
    public let kind = "vertex_service_account"
    public let source: String
    public let key: GoogleServiceAccountKey
    private let endpoint: GoogleTokenEndpoint
    private let warning: String?
    private let now: @Sendable () -> Double

    public init(
        key: GoogleServiceAccountKey, http: HTTPClient, source: String, warning: String? = nil,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        self.key = key
        self.source = source
        self.endpoint = try GoogleTokenEndpoint(url: key.tokenURI, http: http, field: "token_uri of \(key.clientEmail)")
        self.warning = warning
        self.now = now
    }

    /// Reads the key file at `path`, warning when other users can read it.
    public static func load(
        path: String, http: HTTPClient, source: String,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) -> GoogleServiceAccountProvider {
        let contents = try SecretFileReader.read(path, what: "service-account key file", strictness: .warnUnsafe)
        guard let json = try? JSONParser.parse(contents.bytes) else {
            throw CredentialError("service-account key file \(path) is not valid JSON.")
        }
        return try GoogleServiceAccountProvider(
            key: GoogleServiceAccountKey(json: json, path: path), http: http, source: source, warning: contents.warning,
            now: now)
    }

    public var redactedID: String {
        let account = key.clientEmail.replacingOccurrences(of: ".gserviceaccount.com", with: "")
        guard let keyID = key.privateKeyID, !keyID.isEmpty else { return "sa \(account)" }
        return "sa \(account) (key …\(keyID.suffix(4)))"
    }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let issuedAt = Int(now())
        let assertion = try key.assertion(issuedAt: issuedAt)
        let fields = [("grant_type", AnthropicTokenEndpoint.jwtBearerGrantType), ("assertion", assertion)]
        let email = key.clientEmail
        let grant = try await endpoint.request(fields, secrets: [assertion]) { code, description, _ in
            var message = "service account key rejected: \(GoogleTokenEndpoint.summary(code, description))."
            let text = description ?? ""
            if text.contains("Signature") || code == "invalid_client" {
                message +=
                    " The key may have been deleted or disabled: create a new key for \(email) and point keyFile at it."
            } else if text.contains("iat") || text.contains("exp") || text.contains("timeframe") {
                message += " Check this machine's clock (the assertion's iat/exp were rejected)."
            } else {
                message += " Check that the key for \(email) still exists and is enabled."
            }
            return message
        }
        return IssuedCredential(
            headers: [("authorization", "Bearer \(grant.accessToken)")],
            expiresAt: Double(issuedAt) + (grant.expiresIn ?? 3600).rounded(.down), secret: grant.accessToken,
            warning: warning)
    }
}
