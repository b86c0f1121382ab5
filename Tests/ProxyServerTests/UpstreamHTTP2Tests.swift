import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdHTTP2
import NIOCore
import ProxyCore
@testable import ProxyServer
import Testing

/// The upstream client speaks HTTP/2 to an upstream that offers it by ALPN over TLS, so one
/// connection carries many concurrent streams (api.anthropic.com, Vertex AI and Bedrock do).
/// The upstream here is a local TLS server with a certificate made for the test, trusted only by
/// this test's client.
@Suite(.serialized) struct UpstreamHTTP2Tests {
    /// Who called: the peer port of the TCP connection each request came on.
    struct PeerContext: RequestContext {
        typealias Source = ApplicationRequestContextSource
        var coreContext: CoreRequestContextStorage
        let peerPort: Int?
        init(source: Source) {
            coreContext = .init(source: source)
            peerPort = source.channel.remoteAddress?.port
        }
    }

    /// The connections requests arrived on, and a gate that holds every stream open until `release`.
    actor Upstream {
        var ports: [Int] = []
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private var released = false

        func arrived(_ port: Int?) { ports.append(port ?? -1) }
        func holdUntilReleased() async {
            if released { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func release() {
            released = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
        /// Forgets the arrivals so far and holds the next streams open again.
        func resetForHeldStreams() {
            ports = []
            released = false
        }
    }

    /// A self-signed certificate and its key for 127.0.0.1, made with `openssl` in a temporary folder.
    static func makeCertificate() throws -> (certificate: String, key: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cp-h2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", folder.appendingPathComponent("key.pem").path, "-out", folder.appendingPathComponent("cert.pem").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl could not make a test certificate")
        return (
            try String(contentsOf: folder.appendingPathComponent("cert.pem"), encoding: .utf8),
            try String(contentsOf: folder.appendingPathComponent("key.pem"), encoding: .utf8)
        )
    }

    @Test func anUpstreamOfferingHTTP2OverTLSCarriesConcurrentStreamsOnOneConnection() async throws {
        let pem = try Self.makeCertificate()
        let certificate = try NIOSSLCertificate(bytes: Array(pem.certificate.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(pem.key.utf8), format: .pem)
        let upstream = Upstream()

        let router = Router(context: PeerContext.self)
        router.post("/v1/messages") { _, context in
            await upstream.arrived(context.peerPort)
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "event: ping\ndata: {\"type\":\"ping\"}\n\n"))
                    await upstream.holdUntilReleased()
                    try await writer.finish(nil)
                })
        }
        let (ports, ready) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            server: try .http2Upgrade(
                tlsConfiguration: .makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { ready.yield($0.localAddress?.port ?? 0) })
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())

        let client = AnthropicClient(timeouts: TimeoutSettings()) { configuration in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates([certificate])
            configuration.tlsConfiguration = tls
        }
        let url = "https://127.0.0.1:\(port)/v1/messages"
        let post: @Sendable () async throws -> UpstreamResponse = {
            try await client.post(url: url, body: Array("{}".utf8), headers: [], stream: true, firstByteTimeout: 10)
        }
        // The first request finds out that the upstream speaks HTTP/2; the eight after it, all
        // open at the same time, go over that one connection as streams.
        await upstream.release()
        _ = try await post().collect(limit: 1 << 16)
        var versionRequest = HTTPClientRequest(url: url)
        versionRequest.method = .POST
        versionRequest.body = .bytes(ByteBuffer(string: "{}"))
        let versionResponse = try await client.http.execute(versionRequest, timeout: .seconds(10))
        _ = try await versionResponse.body.collect(upTo: 1 << 16)
        let firstPorts = await upstream.ports
        await upstream.resetForHeldStreams()
        let held = try await withThrowingTaskGroup(of: UpstreamResponse.self) { group in
            for _ in 0..<8 { group.addTask { try await post() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let heldPorts = await upstream.ports
        await upstream.release()
        for response in held { _ = try await response.collect(limit: 1 << 16) }
        await client.shutdown()
        server.cancel()
        _ = await server.result

        #expect(versionResponse.version.major == 2)
        #expect(!heldPorts.contains(-1))
        #expect(held.count == 8 && held.allSatisfy { $0.status == 200 })
        #expect(heldPorts.count == 8)
        #expect(Set(firstPorts + heldPorts).count == 1, "eight concurrent streams should share one connection: \(heldPorts)")
    }
}
