import HTTPTypes
import Foundation
import Hummingbird
import NIOCore
import ProxyCore
import ProxyStore

/// `GET /health`: version, uptime, each upstream's state, the usage ledger's, the Responses
/// store's, and the budgets with their spend.
struct HealthRoute: Sendable {
    let service: ProxyService
    let modelsState: ModelsRefresher

    func handle(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let snapshot = service.snapshot(for: context)
        let settings = snapshot.settings
        let refresh = await modelsState.status
        var upstreams: [JSONValue] = []
        for target in snapshot.pool.targets {
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
        body["models"] = JSONValue(snapshot.catalog.liveModels.count)
        body["budgets"] = .array(service.budgets.statuses.map(EventWireFormat.budgetJSON))
        body["ledger"] = Self.ledger(service.ledger)
        body["responses"] = await Self.responses(service.responses, settings: settings.responses)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(.object(body)))))
    }

    /// `{"enabled", "path", "state": ok|failing|unavailable, "written", "failed", "pending", "last_error"}`.
    static func ledger(_ recorder: LedgerRecorder?) -> JSONValue {
        var ledger = JSONObject()
        guard let recorder else {
            ledger["enabled"] = false
            return .object(ledger)
        }
        let status = recorder.status
        ledger["enabled"] = true
        ledger["path"] = .string(status.path)
        ledger["state"] = .string(recorder.database == nil ? "unavailable" : status.lastError == nil ? "ok" : "failing")
        ledger["written"] = JSONValue(status.written)
        ledger["failed"] = JSONValue(status.failed)
        ledger["pending"] = JSONValue(status.pending)
        ledger["last_error"] = status.lastError.map { JSONValue.string($0) } ?? .null
        return .object(ledger)
    }

    /// `{"store", "state": ok|failing|unavailable, "stored", "bytes", "max_megabytes", "max_age_days", "last_error"}`;
    /// `{"store": false}` when the store is off.
    static func responses(_ archive: ResponseArchive?, settings: ResponsesSettings) async -> JSONValue {
        var object = JSONObject()
        guard let archive else {
            object["store"] = false
            return .object(object)
        }
        object["store"] = true
        object["max_megabytes"] = JSONValue(settings.maxMegabytes)
        object["max_age_days"] = JSONValue(settings.maxAgeDays)
        guard let store = archive.store else {
            object["state"] = "unavailable"
            object["last_error"] = archive.unavailable.map { JSONValue.string($0) } ?? .null
            return .object(object)
        }
        do {
            let usage = try await store.usage()
            object["state"] = "ok"
            object["stored"] = JSONValue(usage.count)
            object["bytes"] = JSONValue(usage.bytes)
            object["last_error"] = .null
        } catch {
            object["state"] = "failing"
            object["last_error"] = .string(LedgerStore.describe(error))
        }
        return .object(object)
    }
}
