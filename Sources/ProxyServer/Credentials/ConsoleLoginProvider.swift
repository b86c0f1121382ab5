import AsyncHTTPClient
import Foundation
import ProxyCore

/// A Claude Console login made with `ant auth login` (a `user_oauth` profile, upstreams.md §1.9).
///
/// The credentials file is re-read on every fetch. With a `client_id` in the profile, a token
/// with less than `refreshAhead` seconds left (or any token, when forced) is refreshed with the
/// `refresh_token` grant and written back atomically (mode 0600) *before* the new token is
/// returned, so a rotated refresh token is never lost; a failed write fails the refresh and
/// leaves the old file as it was. Without a `client_id` the file is rotated by someone else and
/// only re-read.
///
/// Requests carry `Authorization: Bearer`, the SDK's OAuth beta and, when the profile names one,
/// `anthropic-workspace-id`.
public struct ConsoleLoginProvider: CredentialProvider {
    public let kind = "console_oauth"
    public let source: String
    public let profile: AnthropicProfile
    private let clientID: String?
    private let endpoint: AnthropicTokenEndpoint
    private let writer: SecretFileWriter
    private let refreshAhead: Double
    private let now: @Sendable () -> Double

    /// `defaultBaseURL` is where tokens are refreshed when the profile has no `base_url`.
    public init(
        profile: AnthropicProfile, http: HTTPClient, defaultBaseURL: String, environment: [String: String],
        writer: SecretFileWriter = .atomic, refreshAhead: Double = TokenRefreshPolicy.sdkDefault.advisorySeconds,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        guard case .userOAuth(let clientID) = profile.authentication else {
            throw CredentialError("profile '\(profile.name)' is not a Console login (authentication.type user_oauth).")
        }
        self.profile = profile
        self.clientID = clientID
        self.source = profile.sourceDescription(environment: environment)
        self.endpoint = try AnthropicTokenEndpoint(
            baseURL: profile.baseURL ?? defaultBaseURL, http: http, field: "base_url of profile '\(profile.name)'")
        self.writer = writer
        self.refreshAhead = refreshAhead
        self.now = now
    }

    public var redactedID: String {
        guard let organization = profile.organizationID else { return "profile '\(profile.name)'" }
        return "profile '\(profile.name)' (org …\(organization.suffix(4)))"
    }

    public var baseURL: String? { profile.baseURL }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let path = profile.credentialsPath
        let file = try CredentialsFileContents.read(
            path, profile: profile.name, missingHint: "Log in with `ant auth login`.")
        guard let clientID else {
            if let expiresAt = file.expiresAt, now() >= expiresAt {
                throw CredentialError(
                    "the token in \(path) expired at \(Self.utc(expiresAt)). Profile '\(profile.name)' has no client_id, "
                        + "so this program does not refresh it: whatever maintains that file has not rotated it "
                        + "(or log in again with `ant auth login`).")
            }
            return issued(token: file.accessToken, expiresAt: file.expiresAt, warning: file.warning)
        }
        guard let refreshToken = file.refreshToken else {
            throw CredentialError(
                "credentials file \(path) for profile '\(profile.name)' has a client_id but no refresh_token; "
                    + "log in again with `ant auth login`.")
        }
        if !forceRefresh, let expiresAt = file.expiresAt, now() < expiresAt - refreshAhead {
            return issued(token: file.accessToken, expiresAt: file.expiresAt, warning: file.warning)
        }
        let grant = try await endpoint.refresh(refreshToken: refreshToken, clientID: clientID, profile: profile.name)
        let expiresAt = now().rounded(.down) + (grant.expiresIn ?? 3600).rounded(.down)
        var object = file.object
        object["version"] = "1.0"
        object["type"] = "oauth_token"
        object["access_token"] = .string(grant.accessToken)
        object["expires_at"] = .number(expiresAt)
        object["refresh_token"] = .string(grant.refreshToken ?? refreshToken)
        let secrets = [grant.accessToken, refreshToken, grant.refreshToken ?? ""]
        do {
            try writer.write(Array((JSONWriter.pretty(.object(object)) + "\n").utf8), to: path)
        } catch {
            throw CredentialError.scrubbed(
                "refreshed the Console login for profile '\(profile.name)' but could not save it to \(path) "
                    + "(\(CredentialError.wrapping(error).message)); the old file is unchanged and the new token is not "
                    + "used. Fix the file or directory, then refresh again; if the refresh token was rotated, log in "
                    + "again with `ant auth login`.",
                secrets: secrets)
        }
        return issued(token: grant.accessToken, expiresAt: expiresAt, warning: file.warning)
    }

    private func issued(token: String, expiresAt: Double?, warning: String?) -> IssuedCredential {
        var headers = [("authorization", "Bearer \(token)"), ("anthropic-beta", AnthropicOAuthBeta.oauth)]
        if let workspace = profile.workspaceID { headers.append(("anthropic-workspace-id", workspace)) }
        return IssuedCredential(headers: headers, expiresAt: expiresAt, secret: token, warning: warning)
    }

    static func utc(_ time: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: time))
    }
}
