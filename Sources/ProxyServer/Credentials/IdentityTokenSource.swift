import Foundation

/// Where a federation provider gets the OIDC identity token it exchanges: a file re-read on
/// every exchange (Kubernetes projected tokens rotate in place), or a fixed value.
public enum IdentityTokenSource: Sendable, Equatable {
    case file(String)
    /// A value resolved once, e.g. from `ANTHROPIC_IDENTITY_TOKEN`; `origin` names it in messages.
    case value(String, origin: String)

    /// Where it comes from, for the dashboard.
    public var origin: String {
        switch self {
        case .file(let path): "file \(path)"
        case .value(_, let origin): origin
        }
    }

    func read() throws(CredentialError) -> String {
        switch self {
        case .value(let token, let origin):
            let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw CredentialError("the identity token from \(origin) is empty.") }
            return trimmed
        case .file(let path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CredentialError(
                    "identity token file not found at \(path); check ANTHROPIC_IDENTITY_TOKEN_FILE or the configured path."
                )
            }
            if isDirectory.boolValue {
                throw CredentialError("identity token path \(path) is a directory; point it at the token file itself.")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialError("identity token file at \(path) is not readable by this process.")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw CredentialError(
                    "identity token file at \(path) is empty; for a Kubernetes projected service-account token, "
                        + "check the volume mount and the token's audience.")
            }
            return token
        }
    }
}
