import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// The attach channel of `claude-proxy dashboard --attach`: `GET /admin/events` (SSE of every
/// `ProxyEvent`, recent history first), `POST /admin/reload`, `POST /admin/refresh`.
/// Loopback clients only, and the admin token when one is configured.
struct AdminRoutes: Sendable {
    let service: ProxyService
    let control: any ProxyControl

    static let keepaliveInterval: Duration = .seconds(15)

    func authorize(_ request: Request, context: ProxyRequestContext) throws {
        let address = context.remoteAddress
        guard address == "127.0.0.1" || address == "::1" || address.hasPrefix("127.") || address == "::ffff:127.0.0.1" else {
            throw ProxyError(kind: .permission, status: 403, message: "The admin routes only answer clients on this machine.")
        }
        if let token = service.snapshot(for: context).settings.adminToken {
            let presented = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 } ?? ""
            guard ConstantTime.equals(token, presented) else {
                throw ProxyError(
                    kind: .authentication, status: 401,
                    message: "The admin routes need the admin token: send 'Authorization: Bearer TOKEN' (dashboard --admin-token).")
            }
        }
    }

    func events(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        try authorize(request, context: context)
        let subscription = service.hub.subscribe(replay: true)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let body = ResponseBody { writer in
            enum Item: Sendable { case event(ProxyEvent), keepalive }
            let (items, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingNewest(4096))
            let forwarder = Task {
                for await event in subscription { continuation.yield(.event(event)) }
                continuation.finish()
            }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.keepaliveInterval)
                    continuation.yield(.keepalive)
                }
            }
            defer {
                forwarder.cancel()
                ticker.cancel()
            }
            try await writer.write(ByteBuffer(string: ": claude-proxy events\n\n"))
            for await item in items {
                switch item {
                case .event(let event):
                    var frame = ByteBuffer(string: "data: ")
                    frame.writeBytes(EventWireFormat.encode(event))
                    frame.writeString("\n\n")
                    try await writer.write(frame)
                case .keepalive:
                    // Also how a vanished dashboard is noticed: the write fails.
                    try await writer.write(ByteBuffer(string: ": keepalive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    func reload(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        try authorize(request, context: context)
        return json(await control.reload())
    }

    func refresh(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        try authorize(request, context: context)
        return json(await control.refreshCredentials())
    }

    private func json(_ result: CommandResult) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body: JSONValue = ["ok": .bool(result.ok), "message": .string(result.message)]
        return Response(status: result.ok ? .ok : .unprocessableContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body))))
    }
}
