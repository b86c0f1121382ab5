import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ProxyCore
import ProxyServer
import Testing

/// Requests refused before any upstream (401, 404, 400) are published as accepted + failed rows,
/// and `/admin/events` carries them in the documented wire format with the hub's instance id.
@Suite(.serialized) struct RefusedRequestEventTests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        let body: String?
        let status: Int
        let requestedModel: String
        var testDescription: String { "\(method) \(path) → \(status)" }
    }

    static let key = "client-key-refusal-0001"

    static let refusals: [Refusal] = [
        Refusal(method: "POST", path: "/v1/chat/completions", body: chatBody("hi"), status: 401, requestedModel: ""),
        Refusal(method: "GET", path: "/v1/models", body: nil, status: 401, requestedModel: ""),
        Refusal(method: "POST", path: "/v1/embeddings", body: "{}", status: 404, requestedModel: ""),
        Refusal(method: "POST", path: "/v1/chat/completions", body: #"{"model":"sonnet"}"#, status: 400, requestedModel: "sonnet"),
        Refusal(method: "POST", path: "/v1/chat/completions", body: "not json", status: 400, requestedModel: ""),
        Refusal(method: "POST", path: "/v1/chat/completions", body: chatBody("hi", model: "no-such-model"), status: 404, requestedModel: "no-such-model"),
    ]

    @Test(arguments: refusals) func aRefusedRequestIsPublishedAsAFailedRow(_ refusal: Refusal) async throws {
        let harness = try await ProxyHarness.start { $0.clientKeys = [.init(name: "bot", key: Self.key)] }
        let subscription = harness.service.hub.subscribe(replay: false)
        let collector = Task { () -> [ProxyEvent] in
            var events: [ProxyEvent] = []
            for await event in subscription {
                events.append(event)
                if case .failed = event.kind { break }
            }
            return events
        }
        let authorized = refusal.status != 401
        var request = HTTPClientRequest(url: harness.baseURL + refusal.path)
        request.method = refusal.method == "GET" ? .GET : .POST
        if let body = refusal.body { request.body = .bytes(ByteBuffer(string: body)) }
        if authorized { request.headers.add(name: "Authorization", value: "Bearer \(Self.key)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        let events = await collector.value
        await harness.stop()

        #expect(Int(response.status.code) == refusal.status)
        guard events.count == 2, case .requestAccepted(let info) = events[0].kind, case .failed(let failure) = events[1].kind else {
            Issue.record("expected accepted then failed, got \(events.map(\.kind))")
            return
        }
        #expect(failure.requestID == info.requestID)
        #expect(failure.status == refusal.status)
        #expect(info.requestedModel == refusal.requestedModel)
        #expect(info.upstream.isEmpty)
        #expect(info.client == (authorized ? "bot" : "127.0.0.1"))
        #expect(events.allSatisfy { $0.instance == harness.service.hub.instance })
    }

    @Test func aServedRequestIsNotPublishedTwice() async throws {
        let harness = try await ProxyHarness.start()
        let subscription = harness.service.hub.subscribe(replay: false)
        let collector = Task { () -> [ProxyEvent.Kind] in
            var kinds: [ProxyEvent.Kind] = []
            for await event in subscription {
                kinds.append(event.kind)
                if case .failed = event.kind { break }
            }
            return kinds
        }
        // Fails upstream (after the tracker took it), not before.
        _ = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bad-400]] hi"))
        let kinds = await collector.value
        await harness.stop()
        #expect(kinds.filter { if case .requestAccepted = $0 { true } else { false } }.count == 1)
        #expect(kinds.filter { if case .failed = $0 { true } else { false } }.count == 1)
    }

    @Test func eachHubHasItsOwnInstance() {
        #expect(EventHub().instance != EventHub().instance)
    }

    @Test func adminEventsSpeakTheVersionedWireFormat() async throws {
        var settings = ProxySettings(
            upstream: .init(name: "nowhere", baseURL: "http://127.0.0.1:9", apiKey: "sk-ant-api03-unused-0001", credentialSource: "test"))
        settings.port = 0
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let service = try ProxyService(settings: settings, logger: logger)
        let (ports, ready) = AsyncStream<Int>.makeStream()
        let app = ProxyApplication.make(service: service, refresher: ModelsRefresher(service: service), control: NoControl()) {
            ready.yield($0)
        }
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())
        let base = "http://127.0.0.1:\(port)"

        let stream = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/admin/events"), timeout: .seconds(20))
        #expect(stream.status == .ok)
        var notFound = HTTPClientRequest(url: base + "/v1/nothing-here")
        notFound.method = .POST
        _ = try await HTTPClient.shared.execute(notFound, timeout: .seconds(10)).body.collect(upTo: 1 << 20)

        var decoder = SSEDecoder()
        var lines: [String] = []
        var events: [ProxyEvent] = []
        reading: for try await buffer in stream.body {
            for event in decoder.feed(buffer.readableBytesView) {
                lines.append(event.dataString)
                if let decoded = EventWireFormat.decode(event.data) { events.append(decoded) }
                if case .failed = events.last?.kind { break reading }
            }
        }
        server.cancel()
        _ = await server.result
        await service.shutdown()

        let failed = try #require(events.last)
        guard case .failed(let failure) = failed.kind else { return }
        #expect(failure.status == 404)
        #expect(failed.instance == service.hub.instance)
        let line = try #require(lines.last)
        #expect(line.hasPrefix(#"{"v":1,"seq":"#))
        #expect(line.contains(#""instance":"\#(service.hub.instance)","type":"request.failed","request_id":"cp_"#))
        #expect(!line.contains("_0"))
    }
}

private struct NoControl: ProxyControl {
    func reload() async -> CommandResult { CommandResult(ok: true, message: "nothing to reload") }
    func refreshCredentials() async -> CommandResult { CommandResult(ok: true, message: "nothing to refresh") }
}
