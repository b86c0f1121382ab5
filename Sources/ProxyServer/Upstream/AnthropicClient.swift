import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ProxyCore

/// Talks to an Anthropic Messages API (or anything that speaks it: the built-in fake, a test
/// double) over AsyncHTTPClient, streaming bodies both ways.
///
/// Cancelling the calling task cancels the upstream request and closes its connection, which is
/// how a client disconnect reaches the upstream at once.
public final class AnthropicClient: Sendable {
    static let anthropicVersion = "2023-06-01"
    static let userAgent = "claude-proxy/\(ProxyCoreVersion.string)"

    let http: HTTPClient

    public init(timeouts: TimeoutSettings) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(
            connect: .seconds(Int64(timeouts.connectSeconds)), read: .seconds(Int64(timeouts.idleSeconds)))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        configuration.decompression = .disabled
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async {
        try? await http.shutdown()
    }

    /// POSTs a JSON body and returns once the response headers are in.
    func post(
        path: String, body: [UInt8], upstream: ProxySettings.Upstream, stream: Bool, firstByteTimeout: Int
    ) async throws -> UpstreamResponse {
        var request = HTTPClientRequest(url: upstream.baseURL + path)
        request.method = .POST
        request.headers = headers(for: upstream, accept: stream ? "text/event-stream" : "application/json")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await execute(request, firstByteTimeout: firstByteTimeout)
    }

    func get(path: String, upstream: ProxySettings.Upstream, timeout: Int) async throws -> UpstreamResponse {
        var request = HTTPClientRequest(url: upstream.baseURL + path)
        request.method = .GET
        request.headers = headers(for: upstream, accept: "application/json")
        return try await execute(request, firstByteTimeout: timeout)
    }

    private func headers(for upstream: ProxySettings.Upstream, accept: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let key = upstream.apiKey { headers.add(name: "x-api-key", value: key) }
        headers.add(name: "anthropic-version", value: Self.anthropicVersion)
        headers.add(name: "accept", value: accept)
        headers.add(name: "user-agent", value: Self.userAgent)
        return headers
    }

    private func execute(_ request: HTTPClientRequest, firstByteTimeout: Int) async throws -> UpstreamResponse {
        // No total deadline: a long generation must be able to stream for as long as it takes.
        // The read timeout (idle between bytes) is set on the client; here only the wait for headers.
        let response = try await withThrowingTaskGroup(of: HTTPClientResponse?.self) { group in
            group.addTask { [http] in
                try await http.execute(request, deadline: .now() + .hours(24))
            }
            group.addTask {
                try await Task.sleep(for: .seconds(firstByteTimeout))
                return nil
            }
            guard let first = try await group.next(), let response = first else {
                group.cancelAll()
                throw UpstreamConnectionError(reason: "no response from the upstream within \(firstByteTimeout) s")
            }
            group.cancelAll()
            return response
        }
        return UpstreamResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: response.body)
    }
}
