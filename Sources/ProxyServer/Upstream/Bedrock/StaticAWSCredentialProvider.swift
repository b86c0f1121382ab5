import ProxyCore

/// AWS keys that do not change while the proxy runs (the environment's `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`): issued as an ``IssuedCredential``
/// whose `aws` the sender signs each Bedrock request with.
///
/// `expiresAt` (from `AWS_CREDENTIAL_EXPIRATION`) makes the cache and the dashboard show when
/// temporary keys run out; this provider cannot renew them, so after that Bedrock answers
/// `ExpiredTokenException` and the error says how to renew.
public struct StaticAWSCredentialProvider: CredentialProvider {
    public let kind = "aws"
    public let source: String
    let credentials: AWSCredentials
    let expiresAt: Double?

    public init(credentials: AWSCredentials, source: String, expiresAt: Double? = nil) {
        self.credentials = credentials
        self.source = source
        self.expiresAt = expiresAt
    }

    public var redactedID: String { Self.redactedAccessKeyID(credentials.accessKeyID) }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        IssuedCredential(headers: [], expiresAt: expiresAt, secret: credentials.secretAccessKey, aws: credentials)
    }

    /// `AKIA…MPLE`: enough of an access key id to tell identities apart (the id alone grants nothing,
    /// but it is shortened anyway), never more than 8 of its characters.
    public static func redactedAccessKeyID(_ id: String) -> String {
        id.count >= 12 ? "\(id.prefix(4))…\(id.suffix(4))" : "\(id.prefix(4))…"
    }
}

/// A Bedrock API key (`AWS_BEARER_TOKEN_BEDROCK` or the upstream's `apiKey`), sent as
/// `authorization: Bearer …` instead of a signature.
public struct StaticBedrockKeyProvider: CredentialProvider {
    public let kind = "bedrock_api_key"
    public let source: String
    private let key: String

    public init(key: String, source: String) {
        self.key = key
        self.source = source
    }

    public var redactedID: String { Redactor.redact(key) }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential { issued }

    var issued: IssuedCredential {
        IssuedCredential(headers: [("authorization", "Bearer \(key)")], expiresAt: nil, secret: key)
    }
}
