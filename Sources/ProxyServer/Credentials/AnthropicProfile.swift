import Foundation
import ProxyCore

/// One `ant auth login` profile in the official SDK's layout (upstreams.md §1.9):
/// `<dir>/configs/<name>.json` (non-secret) and `<dir>/credentials/<name>.json` (secret, 0600),
/// where `<dir>` is `$ANTHROPIC_CONFIG_DIR` or `~/.config/anthropic`.
///
/// The active profile is `$ANTHROPIC_PROFILE`, else the name in `<dir>/active_config`, else
/// `default`. Fields the config file leaves empty are filled from `ANTHROPIC_BASE_URL`,
/// `ANTHROPIC_ORGANIZATION_ID`, `ANTHROPIC_WORKSPACE_ID`, `ANTHROPIC_FEDERATION_RULE_ID`,
/// `ANTHROPIC_SERVICE_ACCOUNT_ID` and `ANTHROPIC_IDENTITY_TOKEN_FILE`, as the SDK does.
public struct AnthropicProfile: Sendable, Equatable {
    public enum Authentication: Sendable, Equatable {
        /// A Console login; without a `client_id` the credentials file is rotated by someone else.
        case userOAuth(clientID: String?)
        /// Workload Identity Federation, with the identity token read from a file.
        case oidcFederation(ruleID: String, serviceAccountID: String?, identityTokenPath: String)
    }

    public var name: String
    public var directory: String
    public var configPath: String
    public var credentialsPath: String
    public var authentication: Authentication
    public var organizationID: String?
    public var workspaceID: String?
    /// The profile's `base_url` (or `ANTHROPIC_BASE_URL` when the file has none), without a trailing slash.
    public var baseURL: String?

    public static let defaultName = "default"

    /// `$ANTHROPIC_CONFIG_DIR`, else `~/.config/anthropic` (on macOS too, like the SDK).
    public static func configDirectory(environment: [String: String]) -> String {
        if let directory = environment["ANTHROPIC_CONFIG_DIR"], !directory.isEmpty {
            return UserPath.expand(directory, environment: environment)
        }
        return UserPath.join(UserPath.home(environment: environment), ".config", "anthropic")
    }

    /// The non-empty name in `<dir>/active_config`, if there is one.
    static func activeConfigPointer(directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: UserPath.join(directory, "active_config")) else {
            return nil
        }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    /// `$ANTHROPIC_PROFILE` → `<dir>/active_config` → `default`, validated.
    public static func activeName(directory: String, environment: [String: String]) throws(CredentialError) -> String {
        if let name = environment["ANTHROPIC_PROFILE"], !name.isEmpty {
            try validate(name: name, source: "ANTHROPIC_PROFILE")
            return name
        }
        if let name = activeConfigPointer(directory: directory) {
            try validate(name: name, source: "\(UserPath.join(directory, "active_config"))")
            return name
        }
        return defaultName
    }

    /// Profile names become file names: no separators, no leading dot, no NUL, no surrounding spaces.
    public static func validate(name: String, source: String) throws(CredentialError) {
        let problem: String?
        if name.isEmpty {
            problem = "must not be empty"
        } else if name != name.trimmingCharacters(in: .whitespacesAndNewlines) {
            problem = "has leading or trailing whitespace"
        } else if name.hasPrefix(".") {
            problem = "must not start with a dot"
        } else if name.contains("/") || name.contains("\\") {
            problem = "must not contain path separators; profiles are file names under the config directory"
        } else if name.contains("\0") {
            problem = "must not contain NUL bytes"
        } else {
            problem = nil
        }
        if let problem { throw CredentialError("profile name \"\(name)\" from \(source) \(problem).") }
    }

    static func configPath(name: String, directory: String) -> String {
        UserPath.join(directory, "configs", "\(name).json")
    }

    /// Reads and checks `configs/<name>.json`; the credentials file is read later, on each fetch.
    public static func load(
        name: String, directory: String, environment: [String: String]
    ) throws(CredentialError) -> AnthropicProfile {
        try validate(name: name, source: "the profile name")
        let path = configPath(name: name, directory: directory)
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = SecretFileReader.exists(path) ? "could not be read" : "not found"
            throw CredentialError(
                "config file for profile '\(name)' \(reason) at \(path). Log in with `ant auth login`, set "
                    + "ANTHROPIC_PROFILE to choose another profile, or ANTHROPIC_CONFIG_DIR to point at another directory."
            )
        }
        guard let json = try? JSONParser.parse(Array(data)), case .object(let config) = json else {
            throw CredentialError("config file for profile '\(name)' at \(path) is not a JSON object.")
        }
        guard case .object(let auth)? = config["authentication"] else {
            throw CredentialError(
                "config file at \(path) has no \"authentication\" object "
                    + "(expected {\"authentication\":{\"type\":\"user_oauth\"|\"oidc_federation\", …}, …}).")
        }
        func field(_ object: JSONObject, _ key: String, env: String? = nil) -> String? {
            if let value = object[key]?.stringValue, !value.isEmpty { return value }
            if let env, let value = environment[env], !value.isEmpty { return value }
            return nil
        }
        let organizationID = field(config, "organization_id", env: "ANTHROPIC_ORGANIZATION_ID")
        var baseURL = field(config, "base_url", env: "ANTHROPIC_BASE_URL")
        while baseURL?.hasSuffix("/") == true { baseURL?.removeLast() }
        let credentialsPath =
            field(auth, "credentials_path").map { UserPath.expand($0, environment: environment) }
            ?? UserPath.join(directory, "credentials", "\(name).json")
        let authentication: Authentication
        switch auth["type"]?.stringValue {
        case "user_oauth":
            authentication = .userOAuth(clientID: field(auth, "client_id"))
        case "oidc_federation":
            guard let ruleID = field(auth, "federation_rule_id", env: "ANTHROPIC_FEDERATION_RULE_ID"),
                organizationID != nil
            else {
                throw CredentialError(
                    "config file at \(path) (oidc_federation) needs authentication.federation_rule_id and a top-level "
                        + "organization_id.")
            }
            authentication = .oidcFederation(
                ruleID: ruleID,
                serviceAccountID: field(auth, "service_account_id", env: "ANTHROPIC_SERVICE_ACCOUNT_ID"),
                identityTokenPath: try identityTokenPath(auth, path: path, environment: environment))
        case let other:
            throw CredentialError(
                "config file at \(path) has authentication.type \(other.map { "\"\($0)\"" } ?? "missing"); "
                    + "expected \"user_oauth\" or \"oidc_federation\".")
        }
        return AnthropicProfile(
            name: name, directory: directory, configPath: path, credentialsPath: credentialsPath,
            authentication: authentication, organizationID: organizationID,
            workspaceID: field(config, "workspace_id", env: "ANTHROPIC_WORKSPACE_ID"), baseURL: baseURL)
    }

    private static func identityTokenPath(
        _ auth: JSONObject, path: String, environment: [String: String]
    ) throws(CredentialError) -> String {
        if case .object(let source)? = auth["identity_token"] {
            guard source["source"]?.stringValue == "file" else {
                throw CredentialError(
                    "config file at \(path): identity_token source \(source["source"]?.stringValue ?? "missing") is not "
                        + "supported; only \"file\" is.")
            }
            guard let file = source["path"]?.stringValue, !file.isEmpty else {
                throw CredentialError("config file at \(path): identity_token with source \"file\" needs a path.")
            }
            return UserPath.expand(file, environment: environment)
        }
        if let file = environment["ANTHROPIC_IDENTITY_TOKEN_FILE"], !file.isEmpty {
            return UserPath.expand(file, environment: environment)
        }
        throw CredentialError(
            "config file at \(path) (oidc_federation) names no identity token: add authentication.identity_token "
                + "{\"source\":\"file\",\"path\":…} or set ANTHROPIC_IDENTITY_TOKEN_FILE.")
    }

    /// How the dashboard names it: `profile 'work' in ~/.config/anthropic`.
    func sourceDescription(environment: [String: String]) -> String {
        "profile '\(name)' in \(UserPath.display(directory, environment: environment))"
    }
}
