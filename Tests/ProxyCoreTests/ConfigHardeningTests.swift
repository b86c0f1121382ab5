import ProxyCore
import Testing

/// Configuration that is not built yet, out of range, or holds a secret in the wrong place is
/// refused, and the refusal names the key without repeating a secret.
@Suite struct ConfigHardeningTests {
    static let pastedKey = "sk-ant-api03-Zq8vXk2LmN4pR7sT9uW1yB3dF5hJ6kQ0aC-xyz9"
    let resolver = SecretResolver(environment: [:], readFile: { path in throw ConfigError(file: path, reason: "missing") })

    func resolve(_ json: String, environment: [String: String] = [:], flags: ProxySettings.Flags = .init())
        throws(ConfigError) -> ProxySettings
    {
        let file = try ConfigFile.parse(Array(json.utf8), file: "/etc/cp.json")
        return try ProxySettings.resolve(
            file: file, configPath: "/etc/cp.json", environment: ["ANTHROPIC_API_KEY": "k"].merging(environment) { $1 },
            flags: flags, resolver: resolver)
    }

    @Test func aKeyPastedIntoListenHostIsRefusedWithoutEchoingIt() {
        let error = #expect(throws: ConfigError.self) { try resolve(#"{"listen": {"host": "\#(Self.pastedKey)"}}"#) }
        #expect(error?.key == "listen.host")
        #expect(error?.description.contains("Zq8vXk2LmN4pR7sT9uW1yB3dF5hJ6kQ0aC") == false)
        let fromEnvironment = #expect(throws: ConfigError.self) { try resolve("{}", environment: ["HOST": Self.pastedKey]) }
        #expect(fromEnvironment?.key == "HOST")
        var flags = ProxySettings.Flags()
        flags.host = Self.pastedKey
        let fromFlag = #expect(throws: ConfigError.self) { try resolve("{}", flags: flags) }
        #expect(fromFlag?.key == "--host")
    }

    @Test func aKeyPastedIntoBaseURLIsNotEchoed() {
        let inFile = #expect(throws: ConfigError.self) { try resolve(#"{"upstream": {"baseURL": "\#(Self.pastedKey)"}}"#) }
        #expect(inFile?.key == "upstream.baseURL")
        #expect(inFile?.description.contains(Self.pastedKey) == false)
        let inEnvironment = #expect(throws: ConfigError.self) {
            try resolve("{}", environment: ["ANTHROPIC_BASE_URL": Self.pastedKey])
        }
        #expect(inEnvironment?.description.contains(Self.pastedKey) == false)
        let inPort = #expect(throws: ConfigError.self) { try resolve("{}", environment: ["PORT": Self.pastedKey]) }
        #expect(inPort?.description.contains(Self.pastedKey) == false)
    }

    @Test func anOutOfRangePortFlagIsRefused() {
        var flags = ProxySettings.Flags()
        flags.port = 99999
        let error = #expect(throws: ConfigError.self) { try resolve("{}", flags: flags) }
        #expect(error?.key == "--port")
        #expect(error?.reason.contains("99999") == true)
    }

    @Test(arguments: [
        ("sk-ant-api03-abcdef", true), ("https://x.example/?key=sk-ant-abc", true), ("ghp_abcdefghij", true),
        ("Zq8vXk2LmN4pR7sT9uW1yB3d", true), ("localhost", false), ("0.0.0.0", false), ("127.0.0.1", false),
        ("desk-host.lan", false), ("https://api.anthropic.com", false), ("my-vertex-project-123", false),
        ("us-east5-aiplatform.googleapis.com", false), ("::1", false),
    ])
    func secretShapesAreRecognised(value: String, secret: Bool) {
        #expect(Redactor.looksLikeSecret(value) == secret)
    }

    @Test func hugeClientStringsAreEchoedCutShort() throws {
        let name = String(repeating: "m", count: 1 << 20)
        guard case .failure(let error) = ModelCatalog().resolve(name) else {
            Issue.record("a 1 MB model name resolved")
            return
        }
        #expect(error.message.count < 2000)
        #expect(error.message.contains(String(repeating: "m", count: 100) + "…"))
    }
}
