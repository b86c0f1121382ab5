import ProxyCore

/// The headers and metadata that authenticate one upstream request.
///
/// Providers hand these out and ``TokenCache`` caches them. `description` is redacted, so an
/// `IssuedCredential` that ends up in a log line or an error message shows `sk-ant-…3f9a`,
/// never the secret itself.
///
/// ```swift
/// let credential = try await cache.credential()
/// for (name, value) in credential.headers { request.headers.add(name: name, value: value) }
/// ```
public struct IssuedCredential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private struct Field: Sendable, Equatable {
        var name: String
        var value: String
    }

    private var fields: [Field]
    /// Unix seconds; nil when the credential never expires (API keys).
    public var expiresAt: Double?
    /// The raw key or token, so that callers can scrub it from anything they log.
    public var secret: String
    /// A non-fatal problem noticed while fetching (e.g. a group-readable credentials file),
    /// for the events pane. Never contains a secret.
    public var warning: String?
    /// Key material for upstreams that sign each request (Bedrock's SigV4) rather than send a static header;
    /// nil for every other credential.
    public var aws: AWSCredentials?

    public init(
        headers: [(String, String)], expiresAt: Double?, secret: String, warning: String? = nil,
        aws: AWSCredentials? = nil
    ) {
        self.fields = headers.map { Field(name: $0.0, value: $0.1) }
        self.expiresAt = expiresAt
        self.secret = secret
        self.warning = warning
        self.aws = aws
    }

    /// Header names are lower-case, in the order they should be sent.
    public var headers: [(String, String)] { fields.map { ($0.name, $0.value) } }

    /// The value of the header `name` (case-insensitive), if present.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    public var description: String {
        let expiry = expiresAt.map { "expires at \(Int($0))" } ?? "does not expire"
        return "credential \(Redactor.redact(secret)) (\(expiry))"
    }

    public var debugDescription: String { description }

    /// Header names only, so `dump` and test-failure output never show the secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "headers": fields.map(\.name), "expiresAt": expiresAt as Any, "secret": Redactor.redact(secret),
            ],
            displayStyle: .struct)
    }
}
