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
        var upstream = JSONObject()
        upstream["name"] = .string(settings.upstream.name)
        upstream["kind"] = "anthropic"
        upstream["base_url"] = .string(settings.upstream.baseURL)
        upstream["state"] = .string(refresh.state)
        upstream["credential"] = [
            "source": .string(settings.upstream.credentialSource),
            "kind": settings.demo ? "demo" : (settings.upstream.apiKey == nil ? "none" : "api_key"),
            "expires_at": .null,
        ]
        if let error = refresh.lastError { upstream["last_error"] = .string(Redactor.scrub(error, secrets: settings.secrets)) }
        upstream["models"] = JSONValue(service.catalog.snapshot.liveModels.count)

        var body = JSONObject()
        body["status"] = "ok"
        body["service"] = "claude-proxy"
        body["version"] = .string(ProxyCoreVersion.string)
        body["demo"] = .bool(settings.demo)
        body["uptime_seconds"] = JSONValue(Int(Date().timeIntervalSince(service.startedAt)))
        body["upstreams"] = [.object(upstream)]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(.object(body)))))
    }
}
