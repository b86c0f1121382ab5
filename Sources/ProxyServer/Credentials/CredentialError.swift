import ProxyCore

/// Why a credential could not be obtained, in plain words with what to do next.
///
/// The message never contains a secret: anything echoed back by a token endpoint is truncated
/// and scrubbed of the secrets that were sent to it before it gets here.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// True when trying again later may help (the token endpoint was unreachable or answered
    /// 5xx/429); false when the user has to act (revoked login, bad key, wrong file mode).
    public var isTransient: Bool
    /// The token endpoint's HTTP status, when it answered.
    public var statusCode: Int?

    public init(_ message: String, isTransient: Bool = false, statusCode: Int? = nil) {
        self.message = message
        self.isTransient = isTransient
        self.statusCode = statusCode
    }

    public var description: String { message }

    /// An error whose message has every occurrence of `secrets` replaced by its redacted form.
    static func scrubbed(
        _ message: String, secrets: [String], isTransient: Bool = false, statusCode: Int? = nil
    ) -> CredentialError {
        CredentialError(
            Redactor.scrub(message, secrets: secrets), isTransient: isTransient, statusCode: statusCode)
    }

    /// Any error from a provider as a `CredentialError`; other error types (which may print
    /// request details) are described generically and scrubbed.
    static func wrapping(_ error: any Error, secrets: [String] = []) -> CredentialError {
        if let error = error as? CredentialError { return error }
        if error is CancellationError {
            return CredentialError("the credential fetch was cancelled", isTransient: true)
        }
        return scrubbed("could not obtain the credential: \(error)", secrets: secrets, isTransient: true)
    }
}
