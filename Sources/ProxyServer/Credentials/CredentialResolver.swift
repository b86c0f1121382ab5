import AsyncHTTPClient
import ProxyCore

/// Finds the credential for an upstream: from the environment and the files the official SDKs
/// use, or from a `credential` object in the config file.
///
/// Credentials are classified by where the user configured them, never by how the secret looks.
/// Claude Code's credential stores are never read, and `ANTHROPIC_AUTH_TOKEN` (which often holds
/// a consumer-subscription token) is deliberately not picked up.
public enum CredentialResolver {
    public static let anthropicBaseURL = "https://api.anthropic.com"

    /// The default Anthropic credential as the official SDK resolves it
    /// (`anthropic-sdk-python:src/anthropic/lib/credentials/_chain.py`), first match wins:
    /// 1. `ANTHROPIC_API_KEY`;
    /// 2. an explicitly selected profile — `ANTHROPIC_PROFILE` or `ANTHROPIC_CONFIG_DIR` set, or a
    ///    non-empty `active_config` — whose errors are thrown;
    /// 3. federation from `ANTHROPIC_FEDERATION_RULE_ID` + `ANTHROPIC_ORGANIZATION_ID` +
    ///    `ANTHROPIC_IDENTITY_TOKEN_FILE` (or `ANTHROPIC_IDENTITY_TOKEN`), with the optional
    ///    `ANTHROPIC_SERVICE_ACCOUNT_ID` and `ANTHROPIC_WORKSPACE_ID`;
    /// 4. the `default` profile if its config file exists (a broken one is skipped, as the SDK does).
    ///
    /// Returns nil when nothing is configured; `baseURL` is the profile's `base_url`, if any.
    /// `defaultBaseURL` is where tokens are minted when the profile does not pin a host.
    public static func defaultAnthropic(
        environment: [String: String], http: HTTPClient, defaultBaseURL: String
    ) throws -> (provider: any CredentialProvider, baseURL: String?)? {
        if let key = environment["ANTHROPIC_API_KEY"], !key.isEmpty {
            return (StaticAPIKeyProvider(key: key, source: "env:ANTHROPIC_API_KEY"), nil)
        }
        let directory = AnthropicProfile.configDirectory(environment: environment)
        let explicit =
            environment["ANTHROPIC_PROFILE"]?.isEmpty == false || environment["ANTHROPIC_CONFIG_DIR"]?.isEmpty == false
            || AnthropicProfile.activeConfigPointer(directory: directory) != nil
        if explicit {
            let name = try AnthropicProfile.activeName(directory: directory, environment: environment)
            let profile = try AnthropicProfile.load(name: name, directory: directory, environment: environment)
            return (
                try profileProvider(profile, http: http, defaultBaseURL: defaultBaseURL, environment: environment),
                profile.baseURL
            )
        }
        if let federation = try environmentFederation(
            environment: environment, http: http, defaultBaseURL: defaultBaseURL)
        {
            return (federation, nil)
        }
        let fallback = AnthropicProfile.configPath(name: AnthropicProfile.defaultName, directory: directory)
        guard SecretFileReader.exists(fallback),
            let profile = try? AnthropicProfile.load(
                name: AnthropicProfile.defaultName, directory: directory, environment: environment),
            let provider = try? profileProvider(
                profile, http: http, defaultBaseURL: defaultBaseURL, environment: environment)
        else { return nil }
        return (provider, profile.baseURL)
    }

    /// A provider from a config file's `credential` object at `keyPath` (e.g. `upstreams[0].credential`).
    /// Errors are ``ProxyCore/ConfigError``s naming `file` and the offending key. Unknown keys are refused.
    ///
    /// | `type` | keys |
    /// |---|---|
    /// | `api_key` | `key` (required): the key, or a reference `env:NAME`, `file:PATH`, `keychain:SERVICE` resolved through `resolveSecret` |
    /// | `profile` | `name` (default: `ANTHROPIC_PROFILE` → `active_config` → `default`), `configDir` (default: `ANTHROPIC_CONFIG_DIR` → `~/.config/anthropic`); a Console login or a federation profile |
    /// | `federation` | `ruleID`, `organizationID` (required); `identityTokenFile` (re-read on every exchange) or `identityToken` (a secret reference, read once); `serviceAccountID`, `workspaceID` (optional) |
    /// | `vertex_service_account` | `keyFile` (required): a Google service-account JSON key |
    /// | `google_adc` | `file` (optional): an ADC file (`service_account` or `authorized_user`); without it, Google's default discovery (``googleDefault(environment:http:)``) |
    /// | `gce_metadata` | none: the metadata server (`GCE_METADATA_HOST` overrides its host) |
    /// | `aws` | `profile` (optional): the AWS credential chain (``AWSCredentialChain``); a named profile skips the environment keys |
    /// | `bedrock_api_key` | `key` (required): a Bedrock API key or a reference to one, as for `api_key` |
    ///
    /// Paths may start with `~/`. Tokens for `profile` and `federation` are minted at the
    /// profile's `base_url`, else `defaultBaseURL`.
    public static func fromConfig(
        _ json: JSONValue, keyPath: String, file: String, environment: [String: String], http: HTTPClient,
        defaultBaseURL: String = anthropicBaseURL, resolveSecret: (String) throws -> String
    ) throws -> any CredentialProvider {
        let fields = try CredentialConfigFields(json, keyPath: keyPath, file: file)
        func attempt<T>(_ key: String?, _ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as CredentialError {
                throw fields.error(key, error.message)
            }
        }
        /// A `{"key": …}` credential: the resolved key and where it came from (the reference, or the
        /// file and key path when the secret is written in the file).
        func configuredKey() throws -> (key: String, source: String) {
            try fields.allow(["key"])
            let reference = try fields.required("key")
            let key = try fields.resolve("key", reference, with: resolveSecret)
            let source =
                SecretReference(reference).isLiteral ? "\(file): \(keyPath).key" : SecretReference(reference).source
            return (key, source)
        }
        switch fields.type {
        case "api_key":
            let (key, source) = try configuredKey()
            return StaticAPIKeyProvider(key: key, source: source)
        case "profile":
            try fields.allow(["name", "configDir"])
            let directory =
                try fields.optional("configDir").map { UserPath.expand($0, environment: environment) }
                ?? AnthropicProfile.configDirectory(environment: environment)
            return try attempt(nil) {
                let name =
                    try fields.optional("name")
                    ?? AnthropicProfile.activeName(directory: directory, environment: environment)
                let profile = try AnthropicProfile.load(name: name, directory: directory, environment: environment)
                return try profileProvider(
                    profile, http: http, defaultBaseURL: defaultBaseURL, environment: environment)
            }
        case "federation":
            try fields.allow([
                "ruleID", "organizationID", "serviceAccountID", "workspaceID", "identityTokenFile", "identityToken",
            ])
            let ruleID = try fields.required("ruleID")
            let organizationID = try fields.required("organizationID")
            let identityToken: IdentityTokenSource
            switch (try fields.optional("identityTokenFile"), try fields.optional("identityToken")) {
            case (let path?, nil):
                identityToken = .file(UserPath.expand(path, environment: environment))
            case (nil, let reference?):
                let token = try fields.resolve("identityToken", reference, with: resolveSecret)
                identityToken = .value(
                    token,
                    origin: SecretReference(reference).isLiteral
                        ? "\(file): \(keyPath).identityToken" : SecretReference(reference).source)
            case (_?, _?):
                throw fields.error("identityToken", "set either identityTokenFile or identityToken, not both")
            case (nil, nil):
                throw fields.error("identityTokenFile", "is required (the path of the OIDC identity token to exchange)")
            }
            return try attempt(nil) {
                try FederationProvider(
                    ruleID: ruleID, organizationID: organizationID,
                    serviceAccountID: try fields.optional("serviceAccountID"),
                    workspaceID: try fields.optional("workspaceID"), identityToken: identityToken,
                    tokenBaseURL: defaultBaseURL, http: http, source: "\(file): \(keyPath)")
            }
        case "vertex_service_account":
            try fields.allow(["keyFile"])
            let path = UserPath.expand(try fields.required("keyFile"), environment: environment)
            return try attempt("keyFile") {
                try GoogleServiceAccountProvider.load(
                    path: path, http: http, source: "keyFile \(UserPath.display(path, environment: environment))")
            }
        case "google_adc":
            try fields.allow(["file"])
            if let path = try fields.optional("file").map({ UserPath.expand($0, environment: environment) }) {
                return try attempt("file") {
                    try googleFile(
                        path, source: "ADC file \(UserPath.display(path, environment: environment))", http: http)
                }
            }
            return try attempt(nil) { try googleDefault(environment: environment, http: http) }
        case "gce_metadata":
            try fields.allow([])
            return GCEMetadataProvider(environment: environment, http: http)
        case "aws":
            try fields.allow(["profile"])
            let profile = try fields.optional("profile")
            return try attempt(profile == nil ? nil : "profile") {
                try AWSCredentialChain.awsProvider(environment: environment, profile: profile, http: http)
            }
        case "bedrock_api_key":
            let (key, source) = try configuredKey()
            return BedrockAPIKeyProvider(key: key, origin: source)
        default:
            throw fields.error(
                "type",
                "unknown credential type \"\(fields.type)\"; expected api_key, profile, federation, "
                    + "vertex_service_account, google_adc, gce_metadata, aws or bedrock_api_key")
        }
    }

    /// Google Application Default Credentials for Vertex (upstreams.md §2.6):
    /// `GOOGLE_APPLICATION_CREDENTIALS`, then `$CLOUDSDK_CONFIG` or `~/.config/gcloud`
    /// `/application_default_credentials.json`, then the metadata server (unless `NO_GCE_CHECK` is true).
    public static func googleDefault(environment: [String: String], http: HTTPClient) throws -> any CredentialProvider {
        if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"], !path.isEmpty {
            let expanded = UserPath.expand(path, environment: environment)
            guard SecretFileReader.exists(expanded) else {
                throw CredentialError("GOOGLE_APPLICATION_CREDENTIALS points at \(expanded), which does not exist.")
            }
            return try googleFile(
                expanded,
                source: "env:GOOGLE_APPLICATION_CREDENTIALS (\(UserPath.display(expanded, environment: environment)))",
                http: http)
        }
        let gcloud =
            environment["CLOUDSDK_CONFIG"].flatMap { $0.isEmpty ? nil : UserPath.expand($0, environment: environment) }
            ?? UserPath.join(UserPath.home(environment: environment), ".config", "gcloud")
        let adc = UserPath.join(gcloud, "application_default_credentials.json")
        if SecretFileReader.exists(adc) {
            return try googleFile(
                adc, source: "gcloud ADC (\(UserPath.display(adc, environment: environment)))", http: http)
        }
        if ["true", "1", "yes"].contains(environment["NO_GCE_CHECK"]?.lowercased() ?? "") {
            throw CredentialError(
                "no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run "
                    + "`gcloud auth application-default login` (NO_GCE_CHECK rules out the metadata server).")
        }
        return GCEMetadataProvider(environment: environment, http: http, isLastResort: true)
    }

    /// A Google credentials JSON file of type `service_account` or `authorized_user`.
    static func googleFile(_ path: String, source: String, http: HTTPClient) throws(CredentialError)
        -> any CredentialProvider
    {
        let contents = try SecretFileReader.read(path, what: "Google credentials file", strictness: .warnUnsafe)
        guard let json = try? JSONParser.parse(contents.bytes) else {
            throw CredentialError("Google credentials file \(path) is not valid JSON.")
        }
        switch json["type"]?.stringValue {
        case "service_account":
            return try GoogleServiceAccountProvider(
                key: GoogleServiceAccountKey(json: json, path: path), http: http, source: source,
                warning: contents.warning)
        case "authorized_user":
            return try GoogleAuthorizedUserProvider(
                json: json, path: path, http: http, source: source, warning: contents.warning)
        case let other:
            throw CredentialError(
                "Google credentials file \(path) has type \(other ?? "missing"), which claude-proxy does not support; "
                    + "use a service_account key or an authorized_user login (`gcloud auth application-default login`)."
            )
        }
    }

    static func profileProvider(
        _ profile: AnthropicProfile, http: HTTPClient, defaultBaseURL: String, environment: [String: String]
    ) throws(CredentialError) -> any CredentialProvider {
        switch profile.authentication {
        case .userOAuth:
            try ConsoleLoginProvider(
                profile: profile, http: http, defaultBaseURL: defaultBaseURL, environment: environment)
        case .oidcFederation:
            try FederationProvider(
                profile: profile, http: http, defaultBaseURL: defaultBaseURL, environment: environment)
        }
    }

    static func environmentFederation(
        environment: [String: String], http: HTTPClient, defaultBaseURL: String
    ) throws(CredentialError) -> FederationProvider? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let ruleID = value("ANTHROPIC_FEDERATION_RULE_ID"),
            let organizationID = value("ANTHROPIC_ORGANIZATION_ID")
        else { return nil }
        let identityToken: IdentityTokenSource
        if let path = value("ANTHROPIC_IDENTITY_TOKEN_FILE") {
            identityToken = .file(UserPath.expand(path, environment: environment))
        } else if let token = environment["ANTHROPIC_IDENTITY_TOKEN"] {
            identityToken = .value(token, origin: "env:ANTHROPIC_IDENTITY_TOKEN")
        } else {
            return nil
        }
        return try FederationProvider(
            ruleID: ruleID, organizationID: organizationID, serviceAccountID: value("ANTHROPIC_SERVICE_ACCOUNT_ID"),
            workspaceID: value("ANTHROPIC_WORKSPACE_ID"), identityToken: identityToken, tokenBaseURL: defaultBaseURL,
            http: http, source: "env:ANTHROPIC_FEDERATION_RULE_ID")
    }
}

extension SecretReference {
    fileprivate var isLiteral: Bool {
        if case .literal = self { return true }
        return false
    }
}
