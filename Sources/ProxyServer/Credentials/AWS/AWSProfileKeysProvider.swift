import ProxyCore

/// Long-term (or pasted temporary) keys stored in a profile of the shared credentials file, or
/// of the config file: `aws_access_key_id`, `aws_secret_access_key`, optional `aws_session_token`.
///
/// The file is read again on every fetch, so keys rotated by another tool are picked up when the
/// upstream rejects the old ones.
public struct AWSProfileKeysProvider: CredentialProvider {
    /// Which of the two shared files holds the keys.
    public enum File: Sendable {
        case credentials
        case config
    }

    public let kind = "aws"
    public let source: String
    private let environment: [String: String]
    private let profile: String?
    private let file: File
    private let accessKeyID: String

    init(shared: AWSSharedConfig, file: File, environment: [String: String], profile: String?) throws(CredentialError) {
        self.environment = environment
        self.profile = profile
        self.file = file
        let keys = try Self.keys(in: shared, file: file)
        self.accessKeyID = keys.credentials.accessKeyID
        let path = file == .credentials ? shared.credentialsDisplay : shared.configDisplay
        self.source = "profile \(shared.profileName) (\(path))"
    }

    public var redactedID: String { "aws \(Redactor.redact(accessKeyID))" }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let shared = try AWSSharedConfig(environment: environment, profile: profile)
        let warning = file == .credentials ? shared.credentialsWarning : shared.configWarning
        return try Self.keys(in: shared, file: file).issued(origin: source, now: 0, warning: warning)
    }

    /// Whether the profile has keys in `file` (an access key id is enough; a missing secret is then an error).
    static func hasKeys(in shared: AWSSharedConfig, file: File) -> Bool {
        section(of: shared, file: file)?["aws_access_key_id"].map { !$0.isEmpty } ?? false
    }

    private static func section(of shared: AWSSharedConfig, file: File) -> [String: String]? {
        file == .credentials ? shared.credentialsSection : shared.configSection
    }

    private static func keys(in shared: AWSSharedConfig, file: File) throws(CredentialError) -> AWSIssuedKeys {
        let path = file == .credentials ? shared.credentialsDisplay : shared.configDisplay
        let settings = Self.section(of: shared, file: file) ?? [:]
        func value(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let accessKeyID = value("aws_access_key_id") else {
            throw CredentialError("profile \(shared.profileName) in \(path) no longer has aws_access_key_id.")
        }
        guard let secret = value("aws_secret_access_key") else {
            throw CredentialError(
                "profile \(shared.profileName) in \(path) has aws_access_key_id but no aws_secret_access_key; "
                    + "add it (or run `aws configure --profile \(shared.profileName)`).")
        }
        return AWSIssuedKeys(
            credentials: AWSCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: value("aws_session_token")),
            expiresAt: nil)
    }
}
