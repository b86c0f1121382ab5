/// Something that can produce the credential for an upstream: a static API key, a Console
/// login profile, a federation exchange, a Google service account, …
///
/// Providers do the I/O (disk, token endpoints) but keep no cache of their own beyond what the
/// credential's owner expects on disk; ``TokenCache`` decides when to call `fetch` and makes
/// sure only one call runs at a time.
public protocol CredentialProvider: Sendable, CustomStringConvertible, CustomReflectable {
    /// `api_key`, `console_oauth`, `federation`, `vertex_service_account`,
    /// `vertex_authorized_user`, `gce_metadata`, `aws` or `bedrock_api_key`.
    var kind: String { get }
    /// Identifies the credential without revealing it, e.g. `sk-ant-…3f9a`, `profile 'default' (org …ab12)`.
    var redactedID: String { get }
    /// Where the user configured it, e.g. `env:ANTHROPIC_API_KEY`, `profile 'work' in ~/.config/anthropic`.
    var source: String { get }
    /// The base URL the credential pins (a profile's `base_url`), if any.
    var baseURL: String? { get }
    /// Returns a credential, reading files or calling token endpoints as needed.
    /// `forceRefresh` skips any on-disk freshness check (after the upstream rejected a token).
    /// Throws ``CredentialError``.
    func fetch(forceRefresh: Bool) async throws -> IssuedCredential
}

extension CredentialProvider {
    public var baseURL: String? { nil }

    /// `api_key sk-ant-…3f9a (env:ANTHROPIC_API_KEY)`: never the secret, even when a provider is
    /// interpolated into a log line.
    public var description: String { "\(kind) \(redactedID) (\(source))" }

    /// Keeps `dump` and test-failure output from reflecting stored secrets.
    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind, "redactedID": redactedID, "source": source], displayStyle: .struct)
    }
}
