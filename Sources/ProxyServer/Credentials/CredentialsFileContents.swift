import ProxyCore

/// A profile's `credentials/<name>.json` as the SDK writes it:
/// `{"version":"1.0","type":"oauth_token","access_token":…,"expires_at":<unix s>,"refresh_token":…}`.
///
/// Read through ``SecretFileReader`` with the SDK's rules: a symlink or a world-readable file is
/// refused, a group-readable one is accepted with a warning.
struct CredentialsFileContents {
    static let type = "oauth_token"

    var object: JSONObject
    var accessToken: String
    var expiresAt: Double?
    var refreshToken: String?
    var warning: String?

    static func read(_ path: String, profile: String, missingHint: String) throws(CredentialError)
        -> CredentialsFileContents
    {
        let contents = try SecretFileReader.read(
            path, what: "credentials file for profile '\(profile)'", strictness: .refuseUnsafe, missingHint: missingHint
        )
        return try parse(contents, path: path)
    }

    /// Nil when there is no file (a federation profile that has not cached a token yet).
    static func readIfPresent(_ path: String, profile: String) throws(CredentialError) -> CredentialsFileContents? {
        guard
            let contents = try SecretFileReader.readIfPresent(
                path, what: "credentials file for profile '\(profile)'", strictness: .refuseUnsafe)
        else { return nil }
        return try parse(contents, path: path)
    }

    private static func parse(_ contents: SecretFileReader.Contents, path: String) throws(CredentialError)
        -> CredentialsFileContents
    {
        guard let json = try? JSONParser.parse(contents.bytes), case .object(let object) = json else {
            throw CredentialError("credentials file \(path) is not a JSON object.")
        }
        if let type = object["type"]?.stringValue, type != Self.type {
            throw CredentialError("credentials file \(path) has type \"\(type)\"; expected \"\(Self.type)\".")
        }
        guard let token = object["access_token"]?.stringValue, !token.isEmpty else {
            throw CredentialError("credentials file \(path) has no access_token; log in again with `ant auth login`.")
        }
        let expiresAt: Double?
        switch object["expires_at"] {
        case nil, .null?: expiresAt = nil
        case .number(let value)?: expiresAt = value.rounded(.down)
        case .string(let text)? where Double(text) != nil: expiresAt = Double(text)!.rounded(.down)
        default:
            throw CredentialError(
                "credentials file \(path) has an invalid expires_at; expected whole Unix seconds (an integer).")
        }
        let refresh = object["refresh_token"]?.stringValue
        return CredentialsFileContents(
            object: object, accessToken: token, expiresAt: expiresAt,
            refreshToken: refresh?.isEmpty == true ? nil : refresh, warning: contents.warning)
    }
}
