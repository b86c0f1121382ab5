import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ProxyCore
import Synchronization

/// Talks to an Anthropic Messages API (or anything that speaks it: the built-in fake, a test
/// double) over AsyncHTTPClient, streaming bodies both ways.
///
/// Cancelling the calling task cancels the upstream request and closes its connection, which is
/// how a client disconnect reaches the upstream at once.
public final class AnthropicClient: Sendable {
    static let anthropicVersion = UpstreamRoute.anthropicVersion
    static let userAgent = "claude-proxy/\(ProxyCoreVersion.string)"

    let http: HTTPClient
    private let aborted = Atomic<Bool>(false)
    /// One admission gate per upstream base URL, made on first use; they outlive reloads so the
    /// requests in flight and in line stay counted.
    private let gates = Mutex<[String: UpstreamAdmission]>([:])

    /// - Parameter configure: adjusts the HTTP client's configuration (tests: a TLS configuration
    ///   that trusts a certificate made for the test).
    public init(timeouts: TimeoutSettings, configure: (inout HTTPClient.Configuration) -> Void = { _ in }) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(
            connect: .seconds(Int64(timeouts.connectSeconds)), read: .seconds(Int64(timeouts.idleSeconds)))
        // The pool's own per-host cap is set out of the way: `UpstreamAdmission` (sized by
        // `limits.maxUpstreamConnections`) is the limit, with a bounded, visible queue and a 503,
        // where a request waiting in the pool would only fail at the first-byte deadline.
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: ProxySettings.upstreamConnectionCeiling)
        // HTTP/2 wherever the upstream offers it by ALPN over TLS (api.anthropic.com, Vertex AI
        // and Bedrock do): one connection then carries many concurrent streams. Plain http:// and
        // HTTP/1.1-only servers get HTTP/1.1. (This is the client's default, set here on purpose.)
        configuration.httpVersion = .automatic
        // A refused or failed connection fails the attempt at once instead of being retried
        // inside the client until the connect timeout: the proxy's own retry policy (backoff,
        // jitter, a budget) and failover to the next upstream take it from there, so a dead
        // upstream costs about a second instead of the connect timeout per attempt.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        configure(&configuration)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The admission gate in front of the upstream at `baseURL`.
    func admission(for baseURL: String, limit: Int) -> UpstreamAdmission {
        gates.withLock { gates in
            if let gate = gates[baseURL] { return gate }
            let gate = UpstreamAdmission(limit: limit)
            gates[baseURL] = gate
            return gate
        }
    }

    public func shutdown() async {
        try? await http.shutdown()
    }

    /// Ends every upstream request still in flight (a shutdown's grace period is over): their
    /// waits and body streams fail at once, and `isAborted` tells the routes why.
    public func abortInFlight() async {
        aborted.store(true, ordering: .releasing)
        try? await http.shutdown()
    }

    /// Whether `error` is an attempt's first-byte deadline passing (no response head in time).
    static func isFirstByteTimeout(_ error: any Error) -> Bool {
        (error as? HTTPClientError) == .deadlineExceeded
    }

    /// Whether `abortInFlight()` was called: an upstream failure from now on is the shutdown's doing.
    public var isAborted: Bool { aborted.load(ordering: .acquiring) }

    /// POSTs a JSON body and returns once the response headers are in.
    func post(
        url: String, body: [UInt8], headers extra: [(String, String)], stream: Bool, firstByteTimeout: Int
    ) async throws -> UpstreamResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = headers(extra, accept: stream ? "text/event-stream" : "application/json")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await execute(request, firstByteTimeout: firstByteTimeout)
    }

    /// POSTs with exactly `headers` (plus `user-agent`, which SigV4 leaves unsigned): a signed
    /// Bedrock request must reach the wire as it was signed.
    func postExact(url: String, body: [UInt8], headers: [(String, String)], firstByteTimeout: Int) async throws -> UpstreamResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = HTTPHeaders(headers)
        request.headers.add(name: "user-agent", value: Self.userAgent)
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await execute(request, firstByteTimeout: firstByteTimeout)
    }

    /// GETs with exactly `headers` (plus `user-agent`), for Bedrock's signed control-plane calls.
    func getExact(url: String, headers: [(String, String)], timeout: Int) async throws -> UpstreamResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers = HTTPHeaders(headers)
        request.headers.add(name: "user-agent", value: Self.userAgent)
        return try await execute(request, firstByteTimeout: timeout)
    }

    func get(url: String, headers extra: [(String, String)], timeout: Int) async throws -> UpstreamResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers = headers(extra, accept: "application/json")
        return try await execute(request, firstByteTimeout: timeout)
    }

    private func headers(_ extra: [(String, String)], accept: String) -> HTTPHeaders {
        var headers = HTTPHeaders(extra)
        headers.add(name: "accept", value: accept)
        headers.add(name: "user-agent", value: Self.userAgent)
        return headers
    }

    /// The headers a first-party request carries besides the credential's.
    static func anthropicHeaders(_ credential: [(String, String)]) -> [(String, String)] {
        credential + [("anthropic-version", anthropicVersion)]
    }

    private func execute(_ request: HTTPClientRequest, firstByteTimeout: Int) async throws -> UpstreamResponse {
        // AsyncHTTPClient's deadline ends once the response head is in, so it is exactly a
        // first-byte timeout; after that only the read (idle) timeout applies, and a long
        // generation can stream for as long as it takes.
        let response = try await http.execute(request, deadline: .now() + .seconds(Int64(firstByteTimeout)))
        return UpstreamResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: response.body)
    }
}
