import HTTPTypes
import Foundation
import Hummingbird
import NIOCore
import ProxyCore

/// `GET /health`: version, uptime, and each upstream's state.
struct HealthRoute: Sendable {
    let service: ProxyService
    let modelsState: ModelsRefresher

    func handle(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let settings = service.settings.snapshot
        let refresh = await modelsState.status
        var upstreams: [JSONValue] = []
        for target in service.pool.targets {
            var upstream = JSONObject()
            upstream["name"] = .string(target.upstream.name)
            upstream["kind"] = .string(target.upstream.kind.name)
            upstream["base_url"] = .string(target.baseURL)
            upstream["state"] = .string(refresh.state)
            let status = await target.cache?.status
            var credential = JSONObject()
            credential["kind"] = .string(target.credentialKind)
            credential["id"] = .string(target.credentialID)
            credential["source"] = .string(target.credentialSource)
            credential["state"] = .string(status?.state.rawValue ?? (settings.demo ? "demo" : "unknown"))
            credential["expires_at"] = status?.expiresAt.map { .string(RFC3339.format(unixSeconds: Int($0))) } ?? .null
            credential["expires_in_seconds"] = status?.expiresAt.map { JSONValue(Int($0 - Date().timeIntervalSince1970)) } ?? .null
            upstream["credential"] = .object(credential)
            if let error = refresh.lastError { upstream["last_error"] = .string(Redactor.scrub(error, secrets: settings.secrets)) }
            upstreams.append(.object(upstream))
        }

        var body = JSONObject()
        body["status"] = "ok"
        body["service"] = "claude-proxy"
        body["version"] = .string(ProxyCoreVersion.string)
        body["demo"] = .bool(settings.demo)
        body["uptime_seconds"] = JSONValue(Int(Date().timeIntervalSince(service.startedAt)))
        body["upstreams"] = .array(upstreams)
        body["models"] = JSONValue(service.catalog.snapshot.liveModels.count)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(.object(body)))))
    }
}
