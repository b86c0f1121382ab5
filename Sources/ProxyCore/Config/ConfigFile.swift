/// The JSON configuration file, parsed and validated; values are still unresolved references.
///
/// Every key is optional. Unknown keys are errors (a typo must not silently do nothing), and each
/// error names the file and the key path.
public struct ConfigFile: Sendable, Equatable {
    public struct ClientKey: Sendable, Equatable {
        public var name: String
        public var key: SecretReference
    }

    public struct Upstream: Sendable, Equatable {
        public var name = "anthropic"
        public var kind = "anthropic"
        public var baseURL: String?
        public var apiKey: SecretReference?
        /// A `credential` object (see `CredentialResolver.fromConfig`), kept as written.
        public var credential: JSONValue?
        /// Vertex AI: the Google Cloud project and region.
        public var project: String?
        public var region: String?
        /// Bedrock: the runtime endpoint override (`endpoint`), the control-plane endpoint for the
        /// model lists (`controlEndpoint`; defaults to `endpoint` when that is set), and the
        /// inference-profile geography (`inferenceProfile`: us, eu, apac, global or none).
        public var endpoint: String?
        public var controlEndpoint: String?
        public var inferenceProfile: String?
        /// Higher is tried first; equal priorities keep file order.
        public var priority = 0
        /// Where in the file this upstream is (`upstreams[1]`), for error messages.
        public var keyPath = "upstream"
    }

    public var host: String?
    public var port: Int?
    public var allowRemoteWithoutKeys: Bool?
    public var clientKeys: [ClientKey]?
    public var upstreams: [Upstream] = []
    public var aliases: [String: String] = [:]
    public var defaultMaxTokens: Int?
    public var modelsRefreshSeconds: Int?
    public var identity: IdentitySettings?
    public var promptCaching: PromptCachingSettings?
    public var retries: RetrySettings?
    public var timeouts: TimeoutSettings?
    public var maxBodyBytes: Int?
    public var maxConnections: Int?
    public var shutdownGraceSeconds: Int?
    public var maxUpstreamConnections: Int?
    public var queueSeconds: Int?
    public var adminToken: SecretReference?
    public var logFile: String?
    /// `budgets`, in file order.
    public var budgets: [BudgetRule] = []
    public var ledger: LedgerSettings?
    /// `responses`: the Responses store.
    public var responses: ResponsesSettings?
    /// `prices`: per-model price overrides, by model id.
    public var prices: [String: ModelPrice] = [:]

    public init() {}

    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> ConfigFile {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            let line = bytes.prefix(error.offset).filter { $0 == 0x0A }.count + 1
            throw ConfigError(file: file, reason: "line \(line): \(error.reason)")
        }
        var reader = ConfigReader(file: file)
        return try reader.read(json)
    }
}
