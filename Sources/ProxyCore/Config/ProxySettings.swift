/// The running configuration: flags > environment > config file > built-in defaults, resolved.
public struct ProxySettings: Sendable {
    public struct ClientKey: Sendable, Equatable {
        public var name: String
        public var key: String
        public init(name: String, key: String) {
            self.name = name
            self.key = key
        }
    }

    public struct Upstream: Sendable, Equatable {
        public var name: String
        public var kind: UpstreamKind
        public var baseURL: String
        /// An API key given directly (env, `apiKey`); nil when `credential` or the default
        /// resolution (Console profile, federation, Google ADC) supplies the credential.
        public var apiKey: String?
        /// A `credential` object from the config file, resolved by the server.
        public var credential: JSONValue?
        /// Where the credential comes from, for `check` and the dashboard (never the key itself).
        public var credentialSource: String
        public var priority: Int
        /// Where the upstream was configured (`upstreams[1]`), for error messages.
        public var keyPath: String
        /// Whether the base URL was set explicitly (config or environment) rather than defaulted;
        /// a Console profile's `base_url` only applies when it was not.
        public var baseURLIsExplicit: Bool
        /// Bedrock: where `ListFoundationModels`/`ListInferenceProfiles` go, and the inference-profile
        /// geography model ids get (nil: base model ids).
        public var bedrockControlURL: String?
        public var bedrockGeography: String?

        public init(
            name: String, kind: UpstreamKind = .anthropic, baseURL: String, apiKey: String?, credential: JSONValue? = nil,
            credentialSource: String, priority: Int = 0, keyPath: String = "upstream", baseURLIsExplicit: Bool = true
        ) {
            self.name = name
            self.kind = kind
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.credential = credential
            self.credentialSource = credentialSource
            self.priority = priority
            self.keyPath = keyPath
            self.baseURLIsExplicit = baseURLIsExplicit
        }
    }

    /// Command-line flags that override everything else.
    public struct Flags: Sendable {
        public var host: String?
        public var port: Int?
        public var demo = false
        public var allowRemoteWithoutKeys = false
        /// The region of the active AWS profile in the shared config file (AWS_PROFILE, AWS_CONFIG_FILE),
        /// the last place a Bedrock upstream's region comes from; set by the executable, which reads files.
        public var awsProfileRegion: (@Sendable ([String: String]) -> String?)?
        public init() {}
    }

    public static let defaultPort = 3456
    public static let defaultBaseURL = "https://api.anthropic.com"

    public var host = "127.0.0.1"
    public var port = ProxySettings.defaultPort
    public var allowRemoteWithoutKeys = false
    public var clientKeys: [ClientKey] = []
    /// In failover order: highest priority first.
    public var upstreams: [Upstream]
    public var aliases = ModelCatalog.defaultAliases
    public var defaultMaxTokens = 8192
    public var modelsRefreshSeconds = 600
    public var identity = IdentitySettings()
    public var promptCaching = PromptCachingSettings()
    public var retries = RetrySettings()
    public var timeouts = TimeoutSettings()
    public var maxBodyBytes = 32 << 20
    /// Client connections served at once (`limits.maxConnections`); nil: derived from the
    /// descriptor limit at start (`ConnectionLimits`).
    public var maxConnections: Int?
    /// How long a shutdown lets running requests finish before ending them (`shutdown.graceSeconds`).
    public var shutdownGraceSeconds = 30
    /// Requests in flight to one upstream at once (each one HTTP/1.1 connection; over HTTP/2 they
    /// share connections). Beyond it requests queue for up to `queueSeconds`, then get a 503.
    /// Applies to new requests on reload.
    public var maxUpstreamConnections = 512
    public var queueSeconds = 5
    /// The most `limits.maxUpstreamConnections` may be; also the HTTP client's own per-host cap, so
    /// the proxy's admission gate is the only limit that applies.
    public static let upstreamConnectionCeiling = 100_000
    public var adminToken: String?
    public var logFile: String?
    /// Spending caps (`budgets`); a reload applies them to new requests.
    public var budgets: [BudgetRule] = []
    /// The usage ledger (`ledger`); applies at start.
    public var ledger = LedgerSettings()
    /// The Responses store (`responses`); applies at start.
    public var responses = ResponsesSettings()
    /// Prices the ledger records costs with: the built-in table with the config's `prices` over it.
    public var prices = ModelPrices()
    public var demo = false
    /// The config file these settings were read from, if any.
    public var configPath: String?

    public init(upstream: Upstream) {
        upstreams = [upstream]
    }

    public init(upstreams: [Upstream]) {
        precondition(!upstreams.isEmpty, "at least one upstream")
        self.upstreams = upstreams
    }

    /// The first upstream in failover order.
    public var upstream: Upstream {
        get { upstreams[0] }
        set { upstreams[0] = newValue }
    }

    /// The listen host as it may be shown in messages (a pasted key is never echoed).
    public var displayHost: String { Redactor.redactIfSecretLike(host) }

    /// Every secret in these settings, so log and error text can be scrubbed of them.
    public var secrets: [String] {
        clientKeys.map(\.key) + upstreams.compactMap(\.apiKey) + [adminToken].compactMap { $0 }
    }

    public static func resolve(
        file: ConfigFile?, configPath: String?, environment: [String: String], flags: Flags, resolver: SecretResolver
    ) throws(ConfigError) -> ProxySettings {
        let file = file ?? ConfigFile()
        let source = configPath ?? "environment"
        let upstreams = try resolveUpstreams(file: file, source: source, environment: environment, flags: flags, resolver: resolver)
        var settings = ProxySettings(upstreams: upstreams)
        settings.demo = flags.demo
        settings.configPath = configPath

        settings.host = flags.host ?? environment["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? file.host ?? settings.host
        if Redactor.looksLikeSecret(settings.host) {
            let fromEnvironment = !(environment["HOST"] ?? "").isEmpty
            let (origin, key) =
                flags.host != nil
                ? ("command line", "--host") : fromEnvironment ? ("environment", "HOST") : (source, "listen.host")
            throw ConfigError(
                file: origin, key: key,
                reason: "looks like a key or token, not a host name or address (value not shown). Put client keys in "
                    + "clientKeys or CLAUDE_PROXY_API_KEYS and upstream keys in the upstream's apiKey.")
        }
        if let port = flags.port {
            guard (0...65535).contains(port) else {
                throw ConfigError(file: "command line", key: "--port", reason: "expected a port number 0–65535, got \(port)")
            }
            settings.port = port
        } else if let text = environment["PORT"], !text.isEmpty {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw ConfigError(file: "environment", key: "PORT", reason: "expected a port number 0–65535, got '\(Redactor.redactIfSecretLike(text))'")
            }
            settings.port = port
        } else if let port = file.port {
            settings.port = port
        }
        settings.allowRemoteWithoutKeys = flags.allowRemoteWithoutKeys || (file.allowRemoteWithoutKeys ?? false)

        if let keys = environment["CLAUDE_PROXY_API_KEYS"], !keys.isEmpty {
            settings.clientKeys = keys.split(separator: ",").enumerated().compactMap { index, key in
                let trimmed = String(key).trimmingSpaces()
                return trimmed.isEmpty ? nil : ClientKey(name: "env\(index + 1)", key: trimmed)
            }
        } else if let keys = file.clientKeys {
            settings.clientKeys = try keys.enumerated().map { (index, key) throws(ConfigError) -> ClientKey in
                ClientKey(name: key.name, key: try resolver.resolve(key.key, file: source, key: "clientKeys[\(index)].key"))
            }
        }

        for (alias, target) in file.aliases { settings.aliases[alias] = target }
        settings.defaultMaxTokens = file.defaultMaxTokens ?? settings.defaultMaxTokens
        settings.modelsRefreshSeconds = file.modelsRefreshSeconds ?? settings.modelsRefreshSeconds
        settings.identity = file.identity ?? settings.identity
        settings.promptCaching = file.promptCaching ?? settings.promptCaching
        settings.retries = file.retries ?? settings.retries
        settings.timeouts = file.timeouts ?? settings.timeouts
        settings.maxBodyBytes = file.maxBodyBytes ?? settings.maxBodyBytes
        settings.maxConnections = file.maxConnections
        settings.shutdownGraceSeconds = file.shutdownGraceSeconds ?? settings.shutdownGraceSeconds
        settings.maxUpstreamConnections = file.maxUpstreamConnections ?? settings.maxUpstreamConnections
        settings.queueSeconds = file.queueSeconds ?? settings.queueSeconds
        if let token = file.adminToken { settings.adminToken = try resolver.resolve(token, file: source, key: "adminToken") }
        settings.logFile = file.logFile
        settings.budgets = file.budgets
        settings.ledger = file.ledger ?? settings.ledger
        settings.responses = file.responses ?? settings.responses
        settings.prices = ModelPrices(overrides: file.prices)
        if !settings.budgets.isEmpty, !settings.ledger.enabled {
            throw ConfigError(
                file: source, key: "budgets",
                reason: "budgets need the usage ledger, which remembers their spend across restarts; remove "
                    + "'ledger.enabled: false' or the budgets")
        }
        return settings
    }

    static func resolveUpstreams(
        file: ConfigFile, source: String, environment: [String: String], flags: Flags, resolver: SecretResolver
    ) throws(ConfigError) -> [Upstream] {
        let nonEmpty: (String) -> String? = { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        if flags.demo {
            return [Upstream(name: "demo", baseURL: "http://127.0.0.1:0", apiKey: nil, credentialSource: "demo (built-in fake upstream)")]
        }
        let configured = file.upstreams.isEmpty ? [ConfigFile.Upstream()] : file.upstreams
        var result: [Upstream] = []
        var appliedEnvironment = false
        for entry in configured {
            switch entry.kind {
            case "vertex":
                guard let project = entry.project ?? nonEmpty("ANTHROPIC_VERTEX_PROJECT_ID") ?? nonEmpty("GOOGLE_CLOUD_PROJECT") else {
                    throw ConfigError(
                        file: source, key: "\(entry.keyPath).project",
                        reason: "a Vertex upstream needs a Google Cloud project: set it here or ANTHROPIC_VERTEX_PROJECT_ID")
                }
                guard let region = entry.region ?? nonEmpty("CLOUD_ML_REGION") else {
                    throw ConfigError(
                        file: source, key: "\(entry.keyPath).region",
                        reason: "a Vertex upstream needs a region (e.g. us-east5, global): set it here or CLOUD_ML_REGION")
                }
                var base = entry.baseURL ?? nonEmpty("ANTHROPIC_VERTEX_BASE_URL") ?? UpstreamRoute.vertexBaseURL(region: region)
                if base.hasSuffix("/") { base.removeLast() }
                result.append(
                    Upstream(
                        name: entry.name, kind: .vertex(project: project, region: region), baseURL: base, apiKey: nil,
                        credential: entry.credential,
                        credentialSource: entry.credential == nil ? "Google application default credentials" : "\(source): \(entry.keyPath).credential",
                        priority: entry.priority, keyPath: entry.keyPath))
            case "bedrock":
                result.append(try bedrockUpstream(entry, source: source, environment: environment, flags: flags, resolver: resolver))
            default:
                // The environment applies to the first Anthropic upstream, as the official SDK's does.
                let useEnvironment = !appliedEnvironment
                appliedEnvironment = true
                var base = (useEnvironment ? nonEmpty("ANTHROPIC_BASE_URL") : nil) ?? entry.baseURL ?? defaultBaseURL
                if base.hasSuffix("/") { base.removeLast() }
                guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
                    throw ConfigError(file: "environment", key: "ANTHROPIC_BASE_URL", reason: "must be an http(s) URL, got '\(Redactor.redactIfSecretLike(base))'")
                }
                var apiKey: String?
                var credentialSource = "default (ANTHROPIC_API_KEY, then the active `ant auth login` profile)"
                if entry.credential != nil {
                    credentialSource = "\(source): \(entry.keyPath).credential"
                } else if useEnvironment, let key = nonEmpty("ANTHROPIC_API_KEY") {
                    apiKey = key
                    credentialSource = "env:ANTHROPIC_API_KEY"
                } else if let reference = entry.apiKey {
                    apiKey = try resolver.resolve(reference, file: source, key: "\(entry.keyPath).apiKey")
                    credentialSource = reference.source
                }
                let explicitBase = (useEnvironment && nonEmpty("ANTHROPIC_BASE_URL") != nil) || entry.baseURL != nil
                result.append(
                    Upstream(
                        name: entry.name, kind: .anthropic, baseURL: base, apiKey: apiKey, credential: entry.credential,
                        credentialSource: credentialSource, priority: entry.priority, keyPath: entry.keyPath,
                        baseURLIsExplicit: explicitBase))
            }
        }
        // Stable: equal priorities keep the file's order.
        return result.enumerated().sorted { ($0.element.priority, -$0.offset) > ($1.element.priority, -$1.offset) }.map(\.element)
    }

    /// Whether the listen address is reachable only from this machine.
    public var isLoopbackOnly: Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// What to tell a user who has no credential at all.
    public static let missingCredentialMessage =
        "No Anthropic credential is set. Set ANTHROPIC_API_KEY, log in with `ant auth login`, or configure an "
        + "upstream credential in the config file; or run with --demo to try the proxy on its built-in simulated upstream."

    /// The problem that stops the server from starting, if any: an open listen address without
    /// client keys. (A missing credential is found when the credentials are resolved.)
    public func startupProblem() -> String? {
        if !isLoopbackOnly && clientKeys.isEmpty && !allowRemoteWithoutKeys {
            return "Refusing to listen on \(displayHost) without client keys: anyone on the network could spend your "
                + "credits. Set CLAUDE_PROXY_API_KEYS (or `clientKeys` in the config), or pass "
                + "--allow-remote-without-keys if this network is trusted."
        }
        return nil
    }
}
