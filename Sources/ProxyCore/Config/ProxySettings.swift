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
        public var baseURL: String
        /// nil in demo mode, where the built-in fake needs no credential.
        public var apiKey: String?
        /// Where the key came from, for `check` and the dashboard (never the key itself).
        public var credentialSource: String

        public init(name: String, baseURL: String, apiKey: String?, credentialSource: String) {
            self.name = name
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.credentialSource = credentialSource
        }
    }

    /// Command-line flags that override everything else.
    public struct Flags: Sendable {
        public var host: String?
        public var port: Int?
        public var demo = false
        public var allowRemoteWithoutKeys = false
        public init() {}
    }

    public static let defaultPort = 3456
    public static let defaultBaseURL = "https://api.anthropic.com"

    public var host = "127.0.0.1"
    public var port = ProxySettings.defaultPort
    public var allowRemoteWithoutKeys = false
    public var clientKeys: [ClientKey] = []
    public var upstream: Upstream
    public var aliases = ModelCatalog.defaultAliases
    public var defaultMaxTokens = 8192
    public var modelsRefreshSeconds = 600
    public var identity = IdentitySettings()
    public var promptCaching = PromptCachingSettings()
    public var retries = RetrySettings()
    public var timeouts = TimeoutSettings()
    public var maxBodyBytes = 32 << 20
    public var adminToken: String?
    public var logFile: String?
    public var demo = false
    /// The config file these settings were read from, if any.
    public var configPath: String?

    public init(upstream: Upstream) {
        self.upstream = upstream
    }

    /// Every secret in these settings, so log and error text can be scrubbed of them.
    public var secrets: [String] {
        clientKeys.map(\.key) + [upstream.apiKey, adminToken].compactMap { $0 }
    }

    public static func resolve(
        file: ConfigFile?, configPath: String?, environment: [String: String], flags: Flags, resolver: SecretResolver
    ) throws(ConfigError) -> ProxySettings {
        let file = file ?? ConfigFile()
        let source = configPath ?? "environment"
        let configured = file.upstreams.sorted { $0.priority > $1.priority }.first
        var baseURL = environment["ANTHROPIC_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? configured?.baseURL ?? defaultBaseURL
        if baseURL.hasSuffix("/") { baseURL.removeLast() }
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            throw ConfigError(file: "environment", key: "ANTHROPIC_BASE_URL", reason: "must be an http(s) URL, got '\(baseURL)'")
        }

        var apiKey: String?
        var credentialSource = "none"
        if let key = environment["ANTHROPIC_API_KEY"], !key.isEmpty {
            apiKey = key
            credentialSource = "env:ANTHROPIC_API_KEY"
        } else if let reference = configured?.apiKey {
            apiKey = try resolver.resolve(reference, file: source, key: "upstream.apiKey")
            credentialSource = reference.source
        }
        if flags.demo {
            apiKey = nil
            credentialSource = "demo (built-in fake upstream)"
        }
        var settings = ProxySettings(
            upstream: Upstream(
                name: flags.demo ? "demo" : configured?.name ?? "anthropic", baseURL: baseURL, apiKey: apiKey,
                credentialSource: credentialSource))
        settings.demo = flags.demo
        settings.configPath = configPath

        settings.host = flags.host ?? environment["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? file.host ?? settings.host
        if let port = flags.port {
            settings.port = port
        } else if let text = environment["PORT"], !text.isEmpty {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw ConfigError(file: "environment", key: "PORT", reason: "expected a port number 0–65535, got '\(text)'")
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
        if let token = file.adminToken { settings.adminToken = try resolver.resolve(token, file: source, key: "adminToken") }
        settings.logFile = file.logFile
        return settings
    }

    /// Whether the listen address is reachable only from this machine.
    public var isLoopbackOnly: Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The problem that stops the server from starting, if any: no credential, or an open
    /// listen address without client keys.
    public func startupProblem() -> String? {
        if !demo && upstream.apiKey == nil {
            return "No Anthropic credential is set. Set ANTHROPIC_API_KEY (or `upstream.apiKey` in the config "
                + "file), or run with --demo to try the proxy on its built-in simulated upstream."
        }
        if !isLoopbackOnly && clientKeys.isEmpty && !allowRemoteWithoutKeys {
            return "Refusing to listen on \(host) without client keys: anyone on the network could spend your "
                + "credits. Set CLAUDE_PROXY_API_KEYS (or `clientKeys` in the config), or pass "
                + "--allow-remote-without-keys if this network is trusted."
        }
        return nil
    }
}
