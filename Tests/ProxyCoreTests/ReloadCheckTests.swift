import ProxyCore
import Testing

/// What a reload may change while the server keeps listening where it listens.
struct ReloadCheckTests {
    static let key = "client-key-reload-test-01"

    @Test func removingKeysIsRefusedWhileListeningOpenlyEvenIfTheFileMovesToLoopback() throws {
        var running = ProxySettings(upstream: .init(name: "u", baseURL: "http://127.0.0.1:9", apiKey: "k", credentialSource: "test"))
        running.host = "0.0.0.0"
        running.clientKeys = [.init(name: "bot", key: Self.key)]
        var reloaded = running
        reloaded.host = "127.0.0.1"
        reloaded.clientKeys = []
        let error = #expect(throws: ConfigError.self) { try ReloadCheck.check(new: reloaded, running: running) }
        #expect(error?.description.contains("still listening on 0.0.0.0") == true)
    }

    @Test func anUnchangedAddressReloadsWithoutANote() throws {
        var running = ProxySettings(upstream: .init(name: "u", baseURL: "http://127.0.0.1:9", apiKey: "k", credentialSource: "test"))
        running.clientKeys = [.init(name: "bot", key: Self.key)]
        var reloaded = running
        reloaded.clientKeys = []
        let check = try ReloadCheck.check(new: reloaded, running: running)
        #expect(check.listenAddressNote == nil)
        #expect(check.settings.clientKeys.isEmpty)
    }
}
