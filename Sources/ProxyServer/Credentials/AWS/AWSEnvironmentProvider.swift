import Foundation
import ProxyCore

/// AWS keys from the environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
/// `AWS_SESSION_TOKEN` (legacy `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION` (ISO 8601).
///
/// The environment is a snapshot taken at start-up, so there is nothing to refresh: when the
/// expiration passes, fetching fails with what to do next.
public struct AWSEnvironmentProvider: CredentialProvider {
    public let kind = "aws"
    public let source = "environment"
    private let keys: AWSIssuedKeys
    private let now: @Sendable () -> Double

    /// Nil when `AWS_ACCESS_KEY_ID` is not set; an error when it is set without its secret.
    public init?(
        environment: [String: String], now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let accessKeyID = value("AWS_ACCESS_KEY_ID") else { return nil }
        guard let secret = value("AWS_SECRET_ACCESS_KEY") else {
            throw CredentialError(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both (and AWS_SESSION_TOKEN for "
                    + "temporary credentials), or unset AWS_ACCESS_KEY_ID to use a profile.")
        }
        var expiresAt: Double?
        if let expiration = value("AWS_CREDENTIAL_EXPIRATION") {
            guard let parsed = AWSTimestamp.parseISO8601(expiration) else {
                throw CredentialError(
                    "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time (got \(expiration)); "
                        + "use e.g. 2026-11-24T20:00:00Z or unset it.")
            }
            expiresAt = parsed
        }
        let token = value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN")
        self.keys = AWSIssuedKeys(
            credentials: AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token),
            expiresAt: expiresAt)
        self.now = now
    }

    public var redactedID: String { keys.credentials.description }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        try keys.issued(origin: "the environment (AWS_ACCESS_KEY_ID)", now: now())
    }
}
