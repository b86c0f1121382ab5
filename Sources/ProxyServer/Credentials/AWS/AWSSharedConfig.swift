/// The AWS shared files as the SDKs read them (upstreams.md §5.7): `~/.aws/config`
/// (`AWS_CONFIG_FILE`, sections `[default]` and `[profile NAME]`) and `~/.aws/credentials`
/// (`AWS_SHARED_CREDENTIALS_FILE`, sections `[default]` and `[NAME]`), for the profile named by
/// `AWS_PROFILE` (legacy `AWS_DEFAULT_PROFILE`), else `default`.
///
/// Read once per lookup: the chain re-reads them on every refresh, so an edited file is picked up.
struct AWSSharedConfig: Sendable {
    let configPath: String
    let credentialsPath: String
    let profileName: String
    /// True when the profile was named (config or `AWS_PROFILE`), so a missing profile is an error
    /// rather than a reason to look further.
    let profileIsExplicit: Bool
    let config: AWSINIFile?
    let credentials: AWSINIFile?
    /// Set when other users can read the file (it may hold keys), for the events pane.
    let configWarning: String?
    let credentialsWarning: String?
    private let environment: [String: String]

    init(environment: [String: String], profile: String? = nil) throws(CredentialError) {
        self.environment = environment
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let home = UserPath.home(environment: environment)
        configPath =
            value("AWS_CONFIG_FILE").map { UserPath.expand($0, environment: environment) }
            ?? UserPath.join(home, ".aws", "config")
        credentialsPath =
            value("AWS_SHARED_CREDENTIALS_FILE").map { UserPath.expand($0, environment: environment) }
            ?? UserPath.join(home, ".aws", "credentials")
        let named = profile ?? value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE")
        profileName = named ?? "default"
        profileIsExplicit = named != nil
        (config, configWarning) = try Self.load(configPath, what: "AWS config file")
        (credentials, credentialsWarning) = try Self.load(credentialsPath, what: "AWS credentials file")
    }

    /// The profile's settings from the config file (`[profile NAME]`, or `[default]`).
    var configSection: [String: String]? {
        guard let config else { return nil }
        if profileName == "default" { return config.sections["default"] ?? config.sections["profile default"] }
        return config.sections["profile \(profileName)"]
    }

    /// The profile's settings from the credentials file (`[NAME]`).
    var credentialsSection: [String: String]? { credentials?.sections[profileName] }

    var profileExists: Bool { configSection != nil || credentialsSection != nil }

    /// `~/.aws/config` rather than the full path, for messages.
    var configDisplay: String { UserPath.display(configPath, environment: environment) }
    var credentialsDisplay: String { UserPath.display(credentialsPath, environment: environment) }

    /// A non-empty setting of the profile in the config file.
    func configValue(_ key: String) -> String? { configSection?[key].flatMap { $0.isEmpty ? nil : $0 } }

    private static func load(_ path: String, what: String) throws(CredentialError) -> (AWSINIFile?, String?) {
        guard let contents = try SecretFileReader.readIfPresent(path, what: what, strictness: .warnUnsafe) else {
            return (nil, nil)
        }
        return (AWSINIFile(parsing: String(decoding: contents.bytes, as: UTF8.self)), contents.warning)
    }
}
