import AsyncHTTPClient
import FakeUpstream
import Foundation
import Hummingbird
import Logging
import NIOCore
import ProxyCore
import ProxyServer
import ProxyStore
import Testing

/// The real proxy server in front of the fake Anthropic upstream, both on loopback ports.
final class ProxyHarness: Sendable {
    let fake: FakeAnthropic
    let service: ProxyService
    let proxyPort: Int
    let fakePort: Int
    private let tasks: [Task<Void, Error>]

    static let upstreamKey = "sk-ant-api03-harness-secret-key-0001"

    var baseURL: String { "http://127.0.0.1:\(proxyPort)" }

    private init(fake: FakeAnthropic, service: ProxyService, proxyPort: Int, fakePort: Int, tasks: [Task<Void, Error>]) {
        self.fake = fake
        self.service = service
        self.proxyPort = proxyPort
        self.fakePort = fakePort
        self.tasks = tasks
    }

    /// - Parameter ledgerPath: records every request in a usage ledger at this path (opened as
    ///   `claude-proxy serve` opens it: a file that cannot be opened gives a recorder that counts failures).
    /// - Parameter responsesPath: keeps Responses API responses in a store at this path.
    /// - Parameter environment: what the credential lookup sees (e.g. AWS keys for a Bedrock upstream).
    /// - Parameter fakeIsMetadataServer: the proxy finds the GCE metadata server (a `gce_metadata`
    ///   credential's token) on the fake (`GCE_METADATA_HOST`).
    static func start(
        eventDelay: Duration = .zero, ledgerPath: String? = nil, responsesPath: String? = nil,
        environment: [String: String] = [:], fakeIsMetadataServer: Bool = false,
        configure: @Sendable (inout ProxySettings) -> Void = { _ in }
    ) async throws -> ProxyHarness {
        var options = FakeAnthropicOptions()
        options.eventDelay = eventDelay
        let fake = FakeAnthropic(options: options)
        let (fakePorts, fakeReady) = AsyncStream<Int>.makeStream()
        let fakeTask = Task { try await fake.run { fakeReady.yield($0) } }
        var fakeIterator = fakePorts.makeAsyncIterator()
        let fakePort = try #require(await fakeIterator.next())

        var settings = ProxySettings(
            upstream: .init(
                name: "fake", baseURL: "http://127.0.0.1:\(fakePort)", apiKey: upstreamKey, credentialSource: "test"))
        settings.port = 0
        settings.retries.initialBackoffMs = 5
        settings.retries.maxBackoffMs = 20
        configure(&settings)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let hub = EventHub()
        let ledger = ledgerPath.map { path in
            do {
                return LedgerRecorder(database: try StateDatabase(path: path), path: path, hub: hub, logger: logger)
            } catch {
                return LedgerRecorder(database: nil, path: path, openError: "\(error)", hub: hub, logger: logger)
            }
        }
        let responses = try responsesPath.map { path in
            ResponseArchive(database: try StateDatabase(path: path), logger: logger)
        }
        var credentialEnvironment = environment
        if fakeIsMetadataServer { credentialEnvironment["GCE_METADATA_HOST"] = "127.0.0.1:\(fakePort)" }
        let service = try ProxyService(
            settings: settings, logger: logger, hub: hub, environment: credentialEnvironment, ledger: ledger,
            responses: responses)
        let refresher = ModelsRefresher(service: service)
        await refresher.refreshOnce()
        let (proxyPorts, proxyReady) = AsyncStream<Int>.makeStream()
        let app = ProxyApplication.make(service: service, refresher: refresher) { proxyReady.yield($0) }
        let proxyTask = Task { try await app.runService(gracefulShutdownSignals: []) }
        var proxyIterator = proxyPorts.makeAsyncIterator()
        let proxyPort = try #require(await proxyIterator.next())
        return ProxyHarness(fake: fake, service: service, proxyPort: proxyPort, fakePort: fakePort, tasks: [fakeTask, proxyTask])
    }

    func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.result }
        await service.shutdown()
    }

    /// POSTs JSON to the proxy and returns status, headers and the whole body.
    func post(
        _ path: String, _ body: String, headers: [(String, String)] = []
    ) async throws -> (status: Int, headers: [(String, String)], body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), response.headers.map { ($0.name.lowercased(), $0.value) }, String(buffer: bytes))
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    /// Requests the fake received on `POST /v1/messages`.
    func upstreamMessages() async -> [FakeRecordedRequest] {
        await fake.requests.filter { $0.method == "POST" && $0.path == "/v1/messages" }
    }
}

/// A chat request body with one user message.
func chatBody(_ text: String, model: String = "sonnet", stream: Bool = false, extra: String = "") -> String {
    let escaped = JSONWriter.string(.string(text))
    return #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":\#(escaped)}]\#(extra)}"#
}

/// The `data:` payloads of an SSE body.
func ssePayloads(_ body: String) -> [String] {
    body.split(separator: "\n\n").compactMap { frame in
        frame.hasPrefix("data: ") ? String(frame.dropFirst(6)) : nil
    }
}

func parse(_ text: String) -> JSONValue { (try? JSONParser.parse(text)) ?? .null }

func header(_ name: String, _ headers: [(String, String)]) -> String? {
    headers.first { $0.0 == name }?.1
}
