import Foundation
import NIOPosix
import ProxyCore
import ProxyServer
import Testing

@Suite(.serialized) struct FailoverTests {
    /// A loopback port with nothing listening on it.
    static func deadPort() throws -> Int {
        let socket = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        let port = socket.localAddress!.port!
        try socket.close().wait()
        return port
    }

    @Test func anUnreachableFirstUpstreamFailsOverToTheNext() async throws {
        let dead = try Self.deadPort()
        let harness = try await ProxyHarness.start { settings in
            let fake = settings.upstream
            settings.upstreams = [
                .init(name: "primary", baseURL: "http://127.0.0.1:\(dead)", apiKey: "sk-ant-primary-key-000000", credentialSource: "test", priority: 10),
                .init(name: "backup", baseURL: fake.baseURL, apiKey: ProxyHarness.upstreamKey, credentialSource: "test", priority: 1),
            ]
            settings.retries.maxRetries = 1
        }
        let subscription = harness.service.hub.subscribe(replay: false)
        let collector = Task {
            var messages: [String] = []
            for await event in subscription {
                if case .log(_, let message) = event.kind { messages.append(message) }
                if case .finished = event.kind { break }
            }
            return messages
        }
        let started = ContinuousClock.now
        let response = try await harness.post("/v1/chat/completions", chatBody("hello"))
        let elapsed = ContinuousClock.now - started
        let logs = await collector.value
        let calls = await harness.upstreamMessages()
        await harness.stop()
        #expect(response.status == 200)
        #expect(calls.count == 1)
        #expect(calls.first?.headers["x-api-key"] == ProxyHarness.upstreamKey)
        #expect(logs.contains { $0.contains("failing over from primary to backup") })
        // A refused connection is not retried inside the HTTP client until the connect timeout.
        #expect(elapsed < .seconds(5))
    }

    @Test func clientErrorsDoNotFailOver() async throws {
        let harness = try await ProxyHarness.start { settings in
            let fake = settings.upstream
            settings.upstreams = [
                .init(name: "a", baseURL: fake.baseURL, apiKey: ProxyHarness.upstreamKey, credentialSource: "test", priority: 2),
                .init(name: "b", baseURL: fake.baseURL, apiKey: ProxyHarness.upstreamKey, credentialSource: "test", priority: 1),
            ]
        }
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bad-400]] x"))
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(response.status == 400)
        #expect(calls == 1)
    }

    @Test func persistentOverloadFailsOverAfterTheRetryBudget() async throws {
        let harness = try await ProxyHarness.start { settings in
            let fake = settings.upstream
            settings.upstreams = [
                .init(name: "a", baseURL: fake.baseURL, apiKey: ProxyHarness.upstreamKey, credentialSource: "test", priority: 2),
                .init(name: "b", baseURL: fake.baseURL, apiKey: ProxyHarness.upstreamKey, credentialSource: "test", priority: 1),
            ]
            settings.retries.maxRetries = 1
        }
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:fail-529]] x"))
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(response.status == 503)
        #expect(calls == 4)  // two attempts on each upstream
    }
}
