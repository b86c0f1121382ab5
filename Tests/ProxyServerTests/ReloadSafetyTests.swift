import Foundation
import Logging
import ProxyCore
import Testing

@testable import ProxyServer

/// A reload must not put the service in a state it would refuse to start in.
@Suite(.serialized) struct ReloadSafetyTests {
    static let key = "client-key-reload-test-01"

    /// The events the hub still holds, oldest first.
    static func history(_ hub: EventHub) async -> [ProxyEvent.Kind] {
        let subscription = hub.subscribe(replay: true)
        var iterator = subscription.makeAsyncIterator()
        var kinds: [ProxyEvent.Kind] = []
        for _ in 0..<subscription.replayCount {
            guard let event = await iterator.next() else { break }
            kinds.append(event.kind)
        }
        return kinds
    }

    @Test func reloadRemovingClientKeysOnAnOpenAddressIsRefusedAndKeysStayEnforced() async throws {
        let harness = try await ProxyHarness.start { $0.clientKeys = [.init(name: "bot", key: Self.key)] }
        var unsafe = harness.service.runtime.current.settings
        unsafe.host = "0.0.0.0"
        unsafe.clientKeys = []
        unsafe.identity = IdentitySettings(systemPrompt: "must not apply", mode: .replace)
        let controller = ProxyController(
            service: harness.service, credentials: CredentialMonitor(service: harness.service), loadSettings: { [unsafe] in unsafe })
        let result = await controller.reload()
        let withoutKey = try await harness.post("/v1/chat/completions", chatBody("hi"))
        let withKey = try await harness.post(
            "/v1/chat/completions", chatBody("hi"), headers: [("authorization", "Bearer \(Self.key)")])
        let running = harness.service.runtime.current.settings
        let events = await Self.history(harness.service.hub)
        await harness.stop()
        #expect(!result.ok)
        #expect(result.message.contains("client keys"), "\(result.message)")
        #expect(running.clientKeys.map(\.key) == [Self.key])
        #expect(running.identity.systemPrompt != "must not apply")
        #expect(withoutKey.status == 401)
        #expect(withKey.status == 200)
        #expect(events.contains { if case .configReloaded(false, let message) = $0 { message.contains("client keys") } else { false } })
    }

    @Test func aChangedListenAddressAppliesTheRestAndSaysItNeedsARestart() async throws {
        let harness = try await ProxyHarness.start()
        let before = harness.service.runtime.current.settings
        var moved = before
        moved.port = 4567
        moved.host = "127.0.0.2"
        moved.identity = IdentitySettings(systemPrompt: "You are Pi.", mode: .replace)
        let controller = ProxyController(
            service: harness.service, credentials: CredentialMonitor(service: harness.service), loadSettings: { [moved] in moved })
        let result = await controller.reload()
        let after = harness.service.runtime.current.settings
        let events = await Self.history(harness.service.hub)
        await harness.stop()
        #expect(result.ok)
        #expect(result.message.contains("needs a restart"), "\(result.message)")
        #expect(after.identity.systemPrompt == "You are Pi.")
        #expect(after.host == before.host && after.port == before.port)
        #expect(events.contains { if case .log(.warning, let message) = $0 { message.contains("needs a restart") } else { false } })
    }
}
