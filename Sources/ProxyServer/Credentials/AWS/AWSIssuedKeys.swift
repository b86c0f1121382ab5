import ProxyCore

/// AWS key material as it comes back from a credential source, before it becomes an
/// ``IssuedCredential``: the JSON shape shared by `credential_process` (version 1), the container
/// endpoint and IMDS (`AccessKeyId`, `SecretAccessKey`, `Token` or `SessionToken`, `Expiration`).
struct AWSIssuedKeys: Sendable, Equatable {
    var credentials: AWSCredentials
    /// Unix seconds; nil for long-term keys.
    var expiresAt: Double?

    /// Parses the JSON reply of `origin` (named in errors). The secret values never appear in an error.
    static func parseJSON(_ body: [UInt8], origin: String, requireExpiration: Bool) throws(CredentialError)
        -> AWSIssuedKeys
    {
        guard let json = try? JSONParser.parse(body), case .object(let object) = json else {
            throw CredentialError("\(origin) did not return a JSON object with AWS credentials.")
        }
        func string(_ key: String) -> String? { object[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        guard let accessKeyID = string("AccessKeyId") else {
            throw CredentialError("\(origin) returned no AccessKeyId.")
        }
        guard let secret = string("SecretAccessKey") else {
            throw CredentialError("\(origin) returned no SecretAccessKey.")
        }
        let token = string("SessionToken") ?? string("Token")
        var expiresAt: Double?
        if let expiration = string("Expiration") {
            guard let parsed = AWSTimestamp.parseISO8601(expiration) else {
                throw CredentialError("\(origin) returned an Expiration that is not an ISO 8601 time: \(expiration)")
            }
            expiresAt = parsed
        } else if requireExpiration {
            throw CredentialError("\(origin) returned no Expiration.")
        }
        return AWSIssuedKeys(
            credentials: AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token),
            expiresAt: expiresAt)
    }

    /// The credential handed to the cache: no static headers (each request is signed), the secret
    /// key as `secret` for scrubbing. Keys already expired are refused, as botocore refuses
    /// credentials that are still expired after a refresh.
    func issued(origin: String, now: Double, warning: String? = nil) throws(CredentialError) -> IssuedCredential {
        if let expiresAt, expiresAt <= now {
            throw CredentialError(
                "the AWS credentials from \(origin) expired at \(AWSTimestamp.display(expiresAt)); "
                    + "renew them (e.g. log in again) and refresh.")
        }
        return IssuedCredential(
            headers: [], expiresAt: expiresAt, secret: credentials.secretAccessKey, warning: warning,
            aws: credentials)
    }
}
