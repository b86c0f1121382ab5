import ProxyCore

/// AWS key material for SigV4 signing (Bedrock): what every AWS credential source produces
/// (environment, shared files, `credential_process`, web identity, container, IMDSv2).
///
/// Travels inside ``IssuedCredential/aws`` so ``TokenCache`` caches and refreshes it like any other
/// credential; the upstream sender signs each request with it instead of adding static headers.
/// `description` is redacted: never the secret key or the session token.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Present for temporary credentials (STS, container, IMDS, SSO); sent as `x-amz-security-token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The access key id shows which identity signs (it is not a secret on its own), shortened anyway.
    public var description: String {
        "aws \(Redactor.redact(accessKeyID))\(sessionToken == nil ? "" : " (temporary)")"
    }

    /// `AKIA…MPLE`: enough of an access key id to tell identities apart (the id alone grants nothing,
    /// but it is shortened anyway), never more than 8 of its characters; what `claude-proxy check` shows.
    public var redactedAccessKeyID: String {
        accessKeyID.count >= 12 ? "\(accessKeyID.prefix(4))…\(accessKeyID.suffix(4))" : "\(accessKeyID.prefix(4))…"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": Redactor.redact(accessKeyID)], displayStyle: .struct)
    }
}
