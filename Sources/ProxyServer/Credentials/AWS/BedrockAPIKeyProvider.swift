import Foundation
import ProxyCore

/// A Bedrock API key, sent as `Authorization: Bearer <key>` instead of SigV4 signing
/// (upstreams.md §5.8), from the config or `AWS_BEARER_TOKEN_BEDROCK`.
///
/// Short-term keys carry their expiry, which the credentials pane shows; nothing can renew such a
/// key, so once it has expired fetching fails with what to do next. Long-term keys show as not
/// expiring: their expiry is not knowable from the key.
public struct BedrockAPIKeyProvider: CredentialProvider {
    public let kind = "bedrock_api_key"
    public let origin: String
    public let key: BedrockAPIKey
    private let secret: String
    private let now: @Sendable () -> Double

    /// `origin` says where the key came from, e.g. `env:AWS_BEARER_TOKEN_BEDROCK`.
    public init(key: String, origin: String, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.secret = key.trimmingCharacters(in: .whitespacesAndNewlines)
        self.key = BedrockAPIKey(secret)
        self.origin = origin
        self.now = now
    }

    /// `bedrock api key (short-term, expires 2015-08-31 00:36:00 UTC; env:AWS_BEARER_TOKEN_BEDROCK)`.
    public var source: String {
        switch key.term {
        case .shortTerm(let expiresAt, _):
            "bedrock api key (short-term, expires \(AWSTimestamp.display(expiresAt)); \(origin))"
        case .longTerm:
            "bedrock api key (long-term, expiry unknown; \(origin))"
        }
    }

    public var redactedID: String {
        secret.hasPrefix(BedrockAPIKey.shortTermPrefix)
            ? BedrockAPIKey.shortTermPrefix + Redactor.redact(secret) : Redactor.redact(secret)
    }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        if let expiresAt = key.expiresAt, expiresAt <= now() {
            throw CredentialError(
                "the short-term Bedrock API key from \(origin) expired at \(AWSTimestamp.display(expiresAt)); "
                    + "generate a new one (Bedrock console or aws-bedrock-token-generator) and restart, or unset it "
                    + "to sign with AWS credentials instead.")
        }
        return IssuedCredential(
            headers: [("authorization", "Bearer \(secret)")], expiresAt: key.expiresAt, secret: secret)
    }
}
