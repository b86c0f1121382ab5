import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore

/// The EC2 instance role through IMDSv2: `PUT /latest/api/token` (with
/// `x-aws-ec2-metadata-token-ttl-seconds`) for a session token, then
/// `GET /latest/meta-data/iam/security-credentials/` for the role name and
/// `GET …/security-credentials/<role>` for the keys, each with `x-aws-ec2-metadata-token`.
///
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` overrides the address (default `http://169.254.169.254`,
/// or `http://[fd00:ec2::254]` with `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`). Off EC2 nothing
/// answers, so every call has a one-second limit, as in botocore. IMDSv1 (no token) is not used.
public struct AWSIMDSProvider: CredentialProvider {
    public let kind = "aws"
    public let endpoint: String
    private let transport: TokenEndpointTransport
    /// Set when the chain fell through to IMDS: a failure then lists what else was tried.
    private let lastResortMessage: String?
    private let now: @Sendable () -> Double

    public static let defaultTimeout: TimeAmount = .seconds(1)
    /// The session token's lifetime; six hours, the SDKs' value.
    static let tokenTTLSeconds = "21600"

    public init(
        environment: [String: String], http: HTTPClient, lastResortMessage: String? = nil,
        timeout: TimeAmount = defaultTimeout, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        let configured = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
        let ipv6 = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]?.lowercased() == "ipv6"
        var endpoint = configured ?? (ipv6 ? "http://[fd00:ec2::254]" : "http://169.254.169.254")
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.transport = TokenEndpointTransport(http: http, timeout: timeout)
        self.lastResortMessage = lastResortMessage
        self.now = now
    }

    /// Whether `AWS_EC2_METADATA_DISABLED` rules IMDS out.
    public static func isDisabled(environment: [String: String]) -> Bool {
        environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
    }

    public var source: String { "imds (\(endpoint))" }
    public var redactedID: String { "instance role" }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        do {
            return try await fetchFromIMDS()
        } catch {
            guard let lastResortMessage, error.statusCode == nil else { throw error }
            throw CredentialError("\(lastResortMessage) (\(error.message))", isTransient: true)
        }
    }

    private func fetchFromIMDS() async throws(CredentialError) -> IssuedCredential {
        let tokenReply = try await transport.send(
            .PUT, url: endpoint + "/latest/api/token",
            headers: [("x-aws-ec2-metadata-token-ttl-seconds", Self.tokenTTLSeconds)], endpoint: "IMDS",
            secrets: [])
        try check(tokenReply, step: "a session token (PUT /latest/api/token)")
        let token = String(decoding: tokenReply.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw CredentialError("IMDS at \(endpoint) returned an empty session token.") }
        let headers = [("x-aws-ec2-metadata-token", token)]
        let base = endpoint + "/latest/meta-data/iam/security-credentials/"
        let roleReply = try await transport.send(
            .GET, url: base, headers: headers, endpoint: "IMDS", secrets: [token])
        if roleReply.status == 404 {
            throw CredentialError(
                "IMDS at \(endpoint) reports no IAM role for this instance; attach an instance profile with "
                    + "Bedrock permissions, or configure other AWS credentials.",
                statusCode: 404)
        }
        try check(roleReply, step: "the instance role name")
        let role =
            String(decoding: roleReply.body, as: UTF8.self).split(whereSeparator: \.isNewline).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !role.isEmpty else { throw CredentialError("IMDS at \(endpoint) returned no instance role name.") }
        let keysReply = try await transport.send(
            .GET, url: base + FormURLEncoder.percentEncode(role), headers: headers, endpoint: "IMDS", secrets: [token])
        try check(keysReply, step: "the credentials of role \(role)")
        let origin = "IMDS role \(role)"
        if let json = try? JSONParser.parse(keysReply.body), let code = json["Code"]?.stringValue, code != "Success" {
            let message = json["Message"]?.stringValue.map { ": \(Redactor.redactIfSecretLike($0))" } ?? ""
            throw CredentialError("\(origin) is not available (\(code)\(message)).", isTransient: true)
        }
        return try AWSIssuedKeys.parseJSON(keysReply.body, origin: origin, requireExpiration: true)
            .issued(origin: origin, now: now())
    }

    private func check(_ reply: TokenEndpointTransport.Reply, step: String) throws(CredentialError) {
        guard reply.status != 200 else { return }
        throw CredentialError(
            "IMDS at \(endpoint) answered HTTP \(reply.status) when asked for \(step).",
            isTransient: AnthropicTokenEndpoint.isTransient(reply.status), statusCode: reply.status)
    }
}
