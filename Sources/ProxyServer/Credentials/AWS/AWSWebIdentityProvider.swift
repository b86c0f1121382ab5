import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore

/// Temporary credentials for a role, exchanged for an OIDC token (EKS IRSA, GitHub Actions, …)
/// through STS `AssumeRoleWithWebIdentity`, which needs no AWS signature. Configured by
/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), or by the profile's
/// `web_identity_token_file`, `role_arn` and `role_session_name`.
///
/// The token file is read again on every exchange (Kubernetes rotates it). STS is
/// `AWS_ENDPOINT_URL_STS` (or `AWS_ENDPOINT_URL`) when set, else the regional endpoint
/// `https://sts.<region>.amazonaws.com`, else `https://sts.amazonaws.com`.
public struct AWSWebIdentityProvider: CredentialProvider {
    public let kind = "aws"
    public let roleARN: String
    public let tokenFile: String
    public let sessionName: String
    public let stsURL: String
    private let transport: TokenEndpointTransport
    private let now: @Sendable () -> Double

    public static let defaultTimeout: TimeAmount = .seconds(10)

    public init(
        roleARN: String, tokenFile: String, sessionName: String?, environment: [String: String], region: String?,
        http: HTTPClient, timeout: TimeAmount = defaultTimeout,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var url =
            value("AWS_ENDPOINT_URL_STS") ?? value("AWS_ENDPOINT_URL")
            ?? region.map { "https://sts.\($0).amazonaws.com" } ?? "https://sts.amazonaws.com"
        while url.hasSuffix("/") { url.removeLast() }
        try TokenEndpointTransport.requireSecure(url, field: "the STS endpoint (AWS_ENDPOINT_URL_STS)")
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName ?? "claude-proxy-\(Int(now()))"
        self.stsURL = url
        self.transport = TokenEndpointTransport(http: http, timeout: timeout)
        self.now = now
    }

    public var source: String { "web identity (\(roleARN))" }
    public var redactedID: String { "role \(roleARN)" }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let token = try IdentityTokenSource.file(tokenFile).read()
        let body = FormURLEncoder.encode([
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ])
        let reply = try await transport.send(
            .POST, url: stsURL + "/",
            headers: [
                ("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                ("user-agent", AnthropicClient.userAgent),
            ],
            body: Array(body.utf8), endpoint: "STS", secrets: [token])
        guard reply.status == 200 else {
            let (code, message) = AWSSTSReply.error(reply.body)
            let summary = [code, message.map { Redactor.scrub($0, secrets: [token]) }].compactMap { $0 }
                .joined(separator: ": ")
            throw CredentialError(
                "STS AssumeRoleWithWebIdentity for \(roleARN) at \(stsURL) answered HTTP \(reply.status)"
                    + (summary.isEmpty ? "" : " (\(summary))") + "; " + Self.hint(code: code),
                isTransient: AnthropicTokenEndpoint.isTransient(reply.status) || code == "IDPCommunicationError",
                statusCode: reply.status)
        }
        guard let keys = AWSSTSReply.credentials(reply.body) else {
            throw CredentialError("STS at \(stsURL) answered without credentials for \(roleARN).", isTransient: true)
        }
        return try keys.issued(origin: "web identity \(roleARN)", now: now())
    }

    private static func hint(code: String?) -> String {
        switch code {
        case "ExpiredTokenException":
            "the identity token in the token file has expired; check that whatever writes it still runs."
        case "InvalidIdentityToken":
            "check the role's trust policy (OIDC provider, audience and subject) against the token."
        case "AccessDenied":
            "the role's trust policy does not allow this identity to assume it."
        default:
            "check the role ARN and its trust policy."
        }
    }
}
