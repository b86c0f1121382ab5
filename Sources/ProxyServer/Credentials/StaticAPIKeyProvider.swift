import ProxyCore

/// An Anthropic API key (`x-api-key`). It never expires as far as the proxy can tell: a key
/// with a Console-chosen expiry fails with 401, which the dashboard reports.
public struct StaticAPIKeyProvider: CredentialProvider {
    public let kind = "api_key"
    public let source: String
    private let key: String

    /// `source` says where the key came from, e.g. `env:ANTHROPIC_API_KEY`.
    public init(key: String, source: String) {
        self.key = key
        self.source = source
    }

    public var redactedID: String { Redactor.redact(key) }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential { issued }

    /// The key as request headers; it never changes, so requests can use it without the cache.
    var issued: IssuedCredential { IssuedCredential(headers: [("x-api-key", key)], expiresAt: nil, secret: key) }
}
