import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// `GET /v1/models` and `GET /v1/models/{id}` in OpenAI's list shape, from the aliases and the
/// upstream's cached live list (never waits for the upstream).
struct ModelsRoute: Sendable {
    let service: ProxyService

    func list(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let catalog = service.snapshot(for: context).catalog
        let data = catalog.listing().map { entry in entryJSON(id: entry.id, info: entry.info, catalog: catalog) }
        let body: JSONValue = ["object": "list", "data": .array(data)]
        return json(body)
    }

    func get(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let id = context.parameters.getCatchAll().joined(separator: "/")
        let catalog = service.snapshot(for: context).catalog
        let resolution = try catalog.resolve(id).get()
        return json(entryJSON(id: id, info: resolution.info, catalog: catalog))
    }

    private func entryJSON(id: String, info: ModelInfo?, catalog: ModelCatalog) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(id)
        object["object"] = "model"
        object["created"] = JSONValue(info?.created ?? 0)
        object["owned_by"] = "anthropic"
        if let info {
            if info.id != id { object["upstream_id"] = .string(info.id) }
            object["display_name"] = .string(info.displayName)
            if let context = info.maxInputTokens { object["context_window"] = JSONValue(context) }
            if let maxTokens = info.maxOutputTokens { object["max_tokens"] = JSONValue(maxTokens) }
        }
        return .object(object)
    }

    private func json(_ value: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }
}
