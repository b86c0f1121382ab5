import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore

/// Credentials from the container credentials endpoint: ECS task roles
/// (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, served at `http://169.254.170.2`) and EKS Pod
/// Identity or any local agent (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, with an
/// `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, re-read on every fetch
/// because the agent rotates it, or `AWS_CONTAINER_AUTHORIZATION_TOKEN`).
///
/// A full URI must be `https`, or plain `http` to this machine, the ECS address or the EKS Pod
/// Identity addresses (`169.254.170.23`, `[fd00:ec2::23]`), as the SDKs require: the reply holds keys.
public struct AWSContainerProvider: CredentialProvider {
    public let kind = "aws"
    public let url: String
    private let authorization: Authorization?
    private let transport: TokenEndpointTransport
    private let now: @Sendable () -> Double

    enum Authorization: Sendable {
        case file(String)
        case value(String)
    }

    /// The endpoint is on the host or the link-local network; it answers in milliseconds.
    public static let defaultTimeout: TimeAmount = .seconds(2)
    static let ecsHost = "http://169.254.170.2"

    /// Nil when neither URI variable is set.
    public init?(
        environment: [String: String], http: HTTPClient, timeout: TimeAmount = defaultTimeout,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = Self.ecsHost + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            guard Self.isAllowed(full) else {
                throw CredentialError(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to localhost, 169.254.170.2, "
                        + "169.254.170.23 or [fd00:ec2::23] (got \(full)).")
            }
            url = full
        } else {
            return nil
        }
        if let file = value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            authorization = .file(UserPath.expand(file, environment: environment))
        } else if let token = value("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
            authorization = .value(token)
        } else {
            authorization = nil
        }
        transport = TokenEndpointTransport(http: http, timeout: timeout)
        self.now = now
    }

    public var source: String { "container (\(url))" }
    public var redactedID: String { "container role" }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        var headers = [("accept", "application/json"), ("user-agent", AnthropicClient.userAgent)]
        var secrets: [String] = []
        if let token = try authorizationToken() {
            guard !token.contains(where: \.isNewline) else {
                throw CredentialError(
                    "the container authorization token contains a line break; check "
                        + "AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE).")
            }
            headers.append(("authorization", token))
            secrets.append(token)
        }
        let reply = try await transport.send(
            .GET, url: url, headers: headers, endpoint: "the container credentials endpoint", secrets: secrets)
        guard reply.status == 200 else {
            let detail = Redactor.redactIfSecretLike(String(decoding: reply.body.prefix(300), as: UTF8.self))
            throw CredentialError(
                "the container credentials endpoint at \(url) answered HTTP \(reply.status)"
                    + (detail.isEmpty ? "" : " (\(detail))")
                    + "; check the task role or pod identity association of this workload.",
                isTransient: AnthropicTokenEndpoint.isTransient(reply.status), statusCode: reply.status)
        }
        let origin = "the container credentials endpoint at \(url)"
        return try AWSIssuedKeys.parseJSON(reply.body, origin: origin, requireExpiration: false)
            .issued(origin: origin, now: now())
    }

    private func authorizationToken() throws(CredentialError) -> String? {
        switch authorization {
        case nil: return nil
        case .value(let token): return token
        case .file(let path):
            let contents = try SecretFileReader.read(
                path, what: "container authorization token file", strictness: .warnUnsafe,
                missingHint: "Check AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.")
            let token = String(decoding: contents.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw CredentialError("the container authorization token file \(path) is empty.")
            }
            return token
        }
    }

    static func isAllowed(_ url: String) -> Bool {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") { return true }
        guard lowered.hasPrefix("http://") else { return false }
        let rest = lowered.dropFirst("http://".count)
        let host: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            host = rest[rest.startIndex...close]
        } else {
            host = rest.prefix { $0 != ":" && $0 != "/" }
        }
        let allowed: Set<Substring> = ["localhost", "[::1]", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]
        if allowed.contains(host) { return true }
        // 127.0.0.0/8
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
