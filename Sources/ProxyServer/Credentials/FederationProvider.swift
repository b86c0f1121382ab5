import AsyncHTTPClient
import Foundation
import ProxyCore

/// Workload Identity Federation (upstreams.md §1.8): exchanges an OIDC identity token from the
/// workload's identity provider for a short-lived Anthropic access token at
/// `POST {base}/v1/oauth/token` (jwt-bearer grant), re-reading the identity token on every
/// exchange.
///
/// When it comes from an `oidc_federation` profile, minted tokens are also cached in the
/// profile's credentials file (mode 0600) so a restart does not need a new exchange; that write
/// is best effort. The minted token is workspace-scoped, so requests carry no
/// `anthropic-workspace-id`, only `Authorization: Bearer` and the SDK's OAuth beta.
public struct FederationProvider: CredentialProvider {
    public let kind = "federation"
    public let source: String
    public let baseURL: String?
    private let ruleID: String
    private let organizationID: String
    private let serviceAccountID: String?
    private let workspaceID: String?
    private let identityToken: IdentityTokenSource
    private let endpoint: AnthropicTokenEndpoint
    private let cache: (path: String, profile: String)?
    private let writer: SecretFileWriter
    private let reuseAhead: Double
    private let now: @Sendable () -> Double

    /// - Parameters:
    ///   - tokenBaseURL: the Anthropic API base the exchange is made against (the token is only
    ///     valid there).
    ///   - cacheFile: a profile's credentials file and name, to cache minted tokens in.
    ///   - baseURL: the base URL the credential pins (a profile's `base_url`), if any.
    public init(
        ruleID: String, organizationID: String, serviceAccountID: String? = nil, workspaceID: String? = nil,
        identityToken: IdentityTokenSource, tokenBaseURL: String, http: HTTPClient, source: String,
        cacheFile: (path: String, profile: String)? = nil, baseURL: String? = nil, writer: SecretFileWriter = .atomic,
        reuseAhead: Double = TokenRefreshPolicy.sdkDefault.advisorySeconds,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        self.ruleID = ruleID
        self.organizationID = organizationID
        self.serviceAccountID = serviceAccountID
        self.workspaceID = workspaceID
        self.identityToken = identityToken
        self.endpoint = try AnthropicTokenEndpoint(
            baseURL: tokenBaseURL, http: http, field: "the federation token base URL")
        self.source = source
        self.cache = cacheFile
        self.baseURL = baseURL
        self.writer = writer
        self.reuseAhead = reuseAhead
        self.now = now
    }

    /// The provider for an `oidc_federation` profile.
    public init(
        profile: AnthropicProfile, http: HTTPClient, defaultBaseURL: String, environment: [String: String],
        writer: SecretFileWriter = .atomic, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        guard case .oidcFederation(let ruleID, let serviceAccountID, let tokenPath) = profile.authentication,
            let organizationID = profile.organizationID
        else {
            throw CredentialError(
                "profile '\(profile.name)' is not a federation profile (authentication.type oidc_federation).")
        }
        try self.init(
            ruleID: ruleID, organizationID: organizationID, serviceAccountID: serviceAccountID,
            workspaceID: profile.workspaceID, identityToken: .file(tokenPath),
            tokenBaseURL: profile.baseURL ?? defaultBaseURL, http: http,
            source: profile.sourceDescription(environment: environment),
            cacheFile: (profile.credentialsPath, profile.name), baseURL: profile.baseURL, writer: writer, now: now)
    }

    public var redactedID: String {
        let rule = ruleID.count > 12 ? "\(ruleID.prefix(5))…\(ruleID.suffix(4))" : ruleID
        return "federation rule \(rule)"
    }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        var cachedFile: CredentialsFileContents?
        if let cache {
            // An unreadable or corrupt cache is not fatal: a fresh exchange overwrites it.
            cachedFile = try? CredentialsFileContents.readIfPresent(cache.path, profile: cache.profile)
            if !forceRefresh, let file = cachedFile, let expiresAt = file.expiresAt, now() < expiresAt - reuseAhead {
                return issued(token: file.accessToken, expiresAt: expiresAt, warning: file.warning)
            }
        }
        let assertion = try identityToken.read()
        let grant = try await endpoint.exchange(
            assertion: assertion, ruleID: ruleID, organizationID: organizationID, serviceAccountID: serviceAccountID,
            workspaceID: workspaceID)
        let expiresAt = now().rounded(.down) + (grant.expiresIn ?? 0).rounded(.down)
        var warning = cachedFile?.warning
        if let cache {
            var object = cachedFile?.object ?? JSONObject()
            object["version"] = "1.0"
            object["type"] = "oauth_token"
            object["access_token"] = .string(grant.accessToken)
            object["expires_at"] = .number(expiresAt)
            do {
                try writer.write(Array((JSONWriter.pretty(.object(object)) + "\n").utf8), to: cache.path)
            } catch {
                let reason = Redactor.scrub(
                    CredentialError.wrapping(error).message, secrets: [grant.accessToken, assertion])
                warning = "could not cache the federation token in \(cache.path): \(reason)"
            }
        }
        return issued(token: grant.accessToken, expiresAt: expiresAt, warning: warning)
    }

    private func issued(token: String, expiresAt: Double, warning: String?) -> IssuedCredential {
        IssuedCredential(
            headers: [("authorization", "Bearer \(token)"), ("anthropic-beta", AnthropicOAuthBeta.oauth)],
            expiresAt: expiresAt, secret: token, warning: warning)
    }
}
