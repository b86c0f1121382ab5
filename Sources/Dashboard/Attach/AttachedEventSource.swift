import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore

/// The attached dashboard's input: `GET /admin/events` on a running server, decoded into
/// events, with the connection's state in between. A dropped connection is reported (the
/// header shows it) and retried with backoff until the dashboard quits; the server's snapshot
/// on reconnect fills the screen again, and repeated events are skipped by `TrafficState`.
public struct AttachedEventSource: Sendable {
    let endpoint: AdminEndpoint
    let client: HTTPClient

    public init(endpoint: AdminEndpoint, client: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.client = client
    }

    public func inputs() -> AsyncStream<DashboardInput> {
        let (stream, continuation) = AsyncStream<DashboardInput>.makeStream(bufferingPolicy: .bufferingNewest(20_000))
        let task = Task {
            var attempt = 0
            while !Task.isCancelled {
                let reason = await receive(into: continuation, connected: { attempt = 0 })
                if Task.isCancelled { break }
                attempt += 1
                continuation.yield(.connection(.reconnecting(attempt: attempt, reason: reason), at: Date().timeIntervalSince1970))
                let delay = min(5.0, 0.25 * pow(2, Double(min(attempt, 5))))
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// One connection: returns why it ended.
    private func receive(into continuation: AsyncStream<DashboardInput>.Continuation, connected: () -> Void) async -> String {
        var request = endpoint.request("/admin/events")
        request.headers.add(name: "Accept", value: "text/event-stream")
        do {
            let response = try await client.execute(request, timeout: .hours(24 * 365))
            guard response.status == .ok else {
                return AdminEndpoint.explain(status: Int(response.status.code), path: "/admin/events")
            }
            connected()
            continuation.yield(.connection(.connected, at: Date().timeIntervalSince1970))
            Task { await identify(into: continuation) }
            var decoder = SSEDecoder()
            for try await buffer in response.body {
                for event in decoder.feed(buffer.readableBytesView) {
                    // Types and versions this build does not know are skipped (docs/events.md).
                    guard let decoded = EventWireFormat.decode(event.data) else { continue }
                    continuation.yield(.event(decoded))
                }
            }
            return "the proxy closed the event stream"
        } catch {
            return Self.describe(error)
        }
    }

    /// Version and start time from `GET /health`, for the header.
    private func identify(into continuation: AsyncStream<DashboardInput>.Continuation) async {
        let request = endpoint.request("/health")
        guard let response = try? await client.execute(request, timeout: .seconds(5)),
            let body = try? await response.body.collect(upTo: 1 << 20),
            let object = try? JSONParser.parse(body.readableBytesView),
            let version = object["version"]?.stringValue
        else { return }
        let uptime = object["uptime_seconds"]?.doubleValue ?? 0
        continuation.yield(.serverIdentity(version: version, startedAt: Date().timeIntervalSince1970 - uptime))
    }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("connectTimeout") || text.contains("connectionRefused") || text.contains("Connection refused") {
            return "connection refused"
        }
        if text.contains("remoteConnectionClosed") || text.contains("EOF") { return "connection closed" }
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
