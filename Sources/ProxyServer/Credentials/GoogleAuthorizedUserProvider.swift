import AsyncHTTPClient
import Foundation
import ProxyCore

/// Google Application Default Credentials of type `authorized_user` (what
/// `gcloud auth application-default login` writes), for Claude on Vertex AI
/// (upstreams.md §2.5b): each fetch runs the `refresh_token` grant at the file's `token_uri`.
/// When the file names a `quota_project_id`, requests also carry `x-goog-user-project`, as
/// google-auth does.
public struct GoogleAuthorizedUserProvider: CredentialProvider {
    public let kind = "vertex_authorized_user"
    public let source: String
    public let quotaProjectID: String?
    private let clientID: String
    private let clientSecret: String
    private let refreshToken: String
    private let endpoint: GoogleTokenEndpoint
    private let warning: String?
    private let now: @Sendable () -> Double

    /// Parses an `authorized_user` JSON document; `path` names it in errors.
    public init(
        json: JSONValue, path: String, http: HTTPClient, source: String, warning: String? = nil,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        guard case .object(let object) = json, object["type"]?.stringValue == "authorized_user" else {
            throw CredentialError("\(path) is not an authorized_user credentials file.")
        }
        func required(_ key: String) throws(CredentialError) -> String {
            guard let value = object[key]?.stringValue, !value.isEmpty else {
                throw CredentialError(
                    "authorized_user file \(path) has no \(key); run `gcloud auth application-default login` again.")
            }
            return value
        }
        self.clientID = try required("client_id")
        self.clientSecret = try required("client_secret")
        self.refreshToken = try required("refresh_token")
        let project = object["quota_project_id"]?.stringValue ?? ""
        self.quotaProjectID = project.isEmpty ? nil : project
        let tokenURI = object["token_uri"]?.stringValue ?? ""
        self.endpoint = try GoogleTokenEndpoint(
            url: tokenURI.isEmpty ? GoogleServiceAccountKey.defaultTokenURI : tokenURI, http: http,
            field: "token_uri of \(path)")
        self.source = source
        self.warning = warning
        self.now = now
    }

    public var redactedID: String { "authorized_user (refresh token \(Redactor.redact(refreshToken)))" }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let started = now()
        let fields = [
            ("grant_type", "refresh_token"), ("client_id", clientID), ("client_secret", clientSecret),
            ("refresh_token", refreshToken),
        ]
        let grant = try await endpoint.request(fields, secrets: [clientSecret, refreshToken]) {
            code, description, reauth in
            let summary = GoogleTokenEndpoint.summary(code, description)
            if reauth {
                return "Google login rejected: \(summary). Google requires you to sign in again: "
                    + "run `gcloud auth application-default login`."
            }
            return "Google login rejected: \(summary). Run `gcloud auth application-default login` again."
        }
        var headers = [("authorization", "Bearer \(grant.accessToken)")]
        if let quotaProjectID { headers.append(("x-goog-user-project", quotaProjectID)) }
        return IssuedCredential(
            headers: headers, expiresAt: started.rounded(.down) + (grant.expiresIn ?? 3600).rounded(.down),
            secret: grant.accessToken, warning: warning)
    }
}
