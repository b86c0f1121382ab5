import Foundation
import ProxyCore
import Testing

@Suite struct ConfigTests {
    let resolver = SecretResolver(
        environment: ["BOT_KEY": "client-secret-1", "UP_KEY": "sk-ant-api03-configured-key"],
        readFile: { path in
            guard path == "/secrets/key" else { throw ConfigError(file: path, reason: "missing") }
            return "sk-ant-api03-from-file\n"
        })

    func parse(_ text: String) throws(ConfigError) -> ConfigFile {
        try ConfigFile.parse(Array(text.utf8), file: "/etc/cp.json")
    }

    @Test func fullExampleParses() throws {
        let file = try parse(
            #"""
            {"listen":{"host":"0.0.0.0","port":8080},
             "clientKeys":[{"name":"bot","key":"env:BOT_KEY"}],
             "upstream":{"name":"main","kind":"anthropic","baseURL":"http://127.0.0.1:9","apiKey":"file:/secrets/key"},
             "models":{"aliases":{"fast":"claude-haiku-4-5"},"defaultMaxTokens":4096},
             "identity":{"systemPrompt":"You are Pi.","mode":"prepend"},
             "promptCaching":{"mode":"off"},
             "retries":{"maxRetries":3},
             "timeouts":{"connectSeconds":5},
             "limits":{"maxBodyBytes":1048576}}
            """#)
        let settings = try ProxySettings.resolve(
            file: file, configPath: "/etc/cp.json", environment: [:], flags: .init(), resolver: resolver)
        #expect(settings.host == "0.0.0.0")
        #expect(settings.port == 8080)
        #expect(settings.clientKeys == [.init(name: "bot", key: "client-secret-1")])
        #expect(settings.upstream.apiKey == "sk-ant-api03-from-file")
        #expect(settings.upstream.baseURL == "http://127.0.0.1:9")
        #expect(settings.aliases["fast"] == "claude-haiku-4-5")
        #expect(settings.aliases["opus"] == "family:opus")
        #expect(settings.identity == IdentitySettings(systemPrompt: "You are Pi.", mode: .prepend))
        #expect(!settings.promptCaching.automatic)
        #expect(settings.retries.maxRetries == 3)
        #expect(settings.maxBodyBytes == 1_048_576)
        #expect(settings.startupProblem() == nil)
    }

    @Test func precedenceIsFlagsThenEnvironmentThenFileThenDefaults() throws {
        let file = try parse(#"{"listen":{"host":"10.0.0.1","port":1111},"upstream":{"apiKey":"env:UP_KEY"}}"#)
        var flags = ProxySettings.Flags()
        flags.port = 3333
        let settings = try ProxySettings.resolve(
            file: file, configPath: "f", environment: ["PORT": "2222", "HOST": "127.0.0.2", "ANTHROPIC_API_KEY": "sk-env"],
            flags: flags, resolver: resolver)
        #expect(settings.port == 3333)
        #expect(settings.host == "127.0.0.2")
        #expect(settings.upstream.apiKey == "sk-env")
        let defaults = try ProxySettings.resolve(file: nil, configPath: nil, environment: [:], flags: .init(), resolver: resolver)
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 3456)
        #expect(defaults.upstream.baseURL == "https://api.anthropic.com")
    }

    struct BadConfig: Sendable, CustomTestStringConvertible {
        let text: String
        let key: String?
        var testDescription: String { key ?? "syntax" }
    }

    @Test(arguments: [
        BadConfig(text: #"{"listen":{"port":"80"}}"#, key: "listen.port"),
        BadConfig(text: #"{"listen":{"port":70000}}"#, key: "listen.port"),
        BadConfig(text: #"{"lisen":{}}"#, key: "lisen"),
        BadConfig(text: #"{"identity":{"mode":"shout"}}"#, key: "identity.mode"),
        BadConfig(text: #"{"upstream":{"baseURL":"ftp://x"}}"#, key: "upstream.baseURL"),
        BadConfig(text: #"{"upstream":{"kind":"openai"}}"#, key: "upstream.kind"),
        BadConfig(text: #"{"upstreams":[{"name":"a"},{"name":"a"}]}"#, key: "upstreams[1].name"),
        BadConfig(text: #"{"upstream":{"apiKey":"k","credential":{"type":"api_key","key":"k"}}}"#, key: "upstream.apiKey"),
        BadConfig(text: #"{"upstream":{"credential":"sk-ant-xyz"}}"#, key: "upstream.credential"),
        BadConfig(text: #"{"retries":{"maxRetries":-1}}"#, key: "retries.maxRetries"),
        BadConfig(text: "{\n\"listen\": {,}\n}", key: nil),
    ])
    func invalidConfigNamesFileAndKey(_ bad: BadConfig) {
        do {
            _ = try parse(bad.text)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "/etc/cp.json")
            #expect(error.key == bad.key)
            #expect(error.description.hasPrefix("/etc/cp.json"))
        }
    }

    @Test func severalUpstreamsAreOrderedByPriorityWithVertexResolvedFromTheEnvironment() throws {
        let file = try parse(
            #"""
            {"upstreams":[
              {"name":"backup","kind":"anthropic","apiKey":"env:UP_KEY","priority":1},
              {"name":"gcp","kind":"vertex","credential":{"type":"google_adc"},"priority":5},
              {"name":"main","kind":"anthropic","credential":{"type":"profile","name":"work"},"priority":5}
            ]}
            """#)
        let settings = try ProxySettings.resolve(
            file: file, configPath: "f", environment: ["CLOUD_ML_REGION": "us-east5", "ANTHROPIC_VERTEX_PROJECT_ID": "proj"],
            flags: .init(), resolver: resolver)
        #expect(settings.upstreams.map(\.name) == ["gcp", "main", "backup"])
        #expect(settings.upstreams[0].kind == .vertex(project: "proj", region: "us-east5"))
        #expect(settings.upstreams[0].baseURL == "https://us-east5-aiplatform.googleapis.com/v1")
        #expect(settings.upstreams[1].credential?["type"] == "profile")
        #expect(settings.upstreams[2].apiKey == "sk-ant-api03-configured-key")
    }

    @Test func vertexWithoutRegionNamesTheKey() throws {
        let file = try parse(#"{"upstreams":[{"kind":"vertex","project":"p"}]}"#)
        #expect(throws: ConfigError(file: "f", key: "upstreams[0].region", reason: "a Vertex upstream needs a region (e.g. us-east5, global): set it here or CLOUD_ML_REGION")) {
            try ProxySettings.resolve(file: file, configPath: "f", environment: [:], flags: .init(), resolver: resolver)
        }
    }

    @Test func syntaxErrorsNameTheLine() {
        do {
            _ = try parse("{\n\"listen\": {,}\n}")
        } catch {
            #expect(error.reason.hasPrefix("line 2"))
        }
    }

    @Test func missingEnvironmentReferenceIsAConfigError() throws {
        let file = try parse(#"{"upstream":{"apiKey":"env:NOPE"}}"#)
        #expect(throws: ConfigError.self) {
            try ProxySettings.resolve(file: file, configPath: "f", environment: [:], flags: .init(), resolver: resolver)
        }
    }

    @Test func startupProblems() throws {
        let none = try ProxySettings.resolve(file: nil, configPath: nil, environment: [:], flags: .init(), resolver: resolver)
        #expect(none.upstream.apiKey == nil)
        #expect(none.startupProblem() == nil)
        #expect(ProxySettings.missingCredentialMessage.contains("ANTHROPIC_API_KEY"))
        #expect(ProxySettings.missingCredentialMessage.contains("ant auth login"))
        #expect(ProxySettings.missingCredentialMessage.contains("--demo"))
        var flags = ProxySettings.Flags()
        flags.host = "0.0.0.0"
        let open = try ProxySettings.resolve(
            file: nil, configPath: nil, environment: ["ANTHROPIC_API_KEY": "k"], flags: flags, resolver: resolver)
        #expect(open.startupProblem()?.contains("client keys") == true)
        flags.allowRemoteWithoutKeys = true
        let allowed = try ProxySettings.resolve(
            file: nil, configPath: nil, environment: ["ANTHROPIC_API_KEY": "k"], flags: flags, resolver: resolver)
        #expect(allowed.startupProblem() == nil)
        let keyed = try ProxySettings.resolve(
            file: nil, configPath: nil, environment: ["ANTHROPIC_API_KEY": "k", "CLAUDE_PROXY_API_KEYS": "a, b"],
            flags: { var f = ProxySettings.Flags(); f.host = "0.0.0.0"; return f }(), resolver: resolver)
        #expect(keyed.clientKeys.map(\.key) == ["a", "b"])
        #expect(keyed.startupProblem() == nil)
    }

    @Test func redactionKeepsOnlyPrefixAndTail() {
        #expect(Redactor.redact("sk-ant-api03-abcdefghijklmnop3f9a") == "sk-ant-…3f9a")
        #expect(Redactor.redact("short") == "…")
        #expect(
            Redactor.scrub("key sk-ant-api03-abcdefghijklmnop3f9a failed", secrets: ["sk-ant-api03-abcdefghijklmnop3f9a"])
                == "key sk-ant-…3f9a failed")
    }
}

@Suite struct ExampleConfigTests {
    /// The example in config/ must always be a valid configuration.
    @Test func exampleConfigParses() throws {
        let path = #filePath.replacing("Tests/ProxyCoreTests/ConfigTests.swift", with: "config/config.example.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let file = try ConfigFile.parse(Array(text.utf8), file: path)
        #expect(file.upstreams.first?.apiKey == .environment("ANTHROPIC_API_KEY"))
        #expect(file.identity?.mode == .default)
        #expect(file.aliases["smart"] == "family:opus")
        #expect(file.ledger?.retentionDays == 400)
        #expect(file.prices["claude-sonnet-4-5"] == ModelPrices.builtIn["claude-sonnet-4-5"])
        #expect(file.budgets.map(\.name) == ["daily", "discord-bot", "heads-up"])
        #expect(file.budgets[1].scope == .client("discord-bot"))
    }
}
