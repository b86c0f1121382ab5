import ProxyCore
import Testing

/// `limits.maxUpstreamConnections` and `limits.queueSeconds`: defaults, values, refusals.
@Suite struct UpstreamLimitsConfigTests {
    let resolver = SecretResolver(environment: [:], readFile: { path in throw ConfigError(file: path, reason: "missing") })

    func settings(_ text: String) throws -> ProxySettings {
        let file = try ConfigFile.parse(Array(text.utf8), file: "/etc/cp.json")
        return try ProxySettings.resolve(file: file, configPath: "/etc/cp.json", environment: [:], flags: .init(), resolver: resolver)
    }

    @Test func defaultsAre512ConnectionsAndFiveSecondsInLine() throws {
        let defaults = try settings("{}")
        #expect(defaults.maxUpstreamConnections == 512)
        #expect(defaults.queueSeconds == 5)
    }

    @Test func bothKeysAreRead() throws {
        let configured = try settings(#"{"limits":{"maxUpstreamConnections":4,"queueSeconds":1}}"#)
        #expect(configured.maxUpstreamConnections == 4)
        #expect(configured.queueSeconds == 1)
    }

    @Test func outOfRangeValuesAreRefusedNamingTheKey() {
        for (text, key) in [
            (#"{"limits":{"maxUpstreamConnections":0}}"#, "limits.maxUpstreamConnections"),
            (#"{"limits":{"maxUpstreamConnections":1000000}}"#, "limits.maxUpstreamConnections"),
            (#"{"limits":{"queueSeconds":-1}}"#, "limits.queueSeconds"),
            (#"{"limits":{"queueSeconds":"soon"}}"#, "limits.queueSeconds"),
        ] {
            #expect(throws: ConfigError.self) { try settings(text) }
            do {
                _ = try settings(text)
            } catch let error as ConfigError {
                #expect(error.key == key)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
