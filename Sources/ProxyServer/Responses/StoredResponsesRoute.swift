import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// `GET /v1/responses/{id}` (the stored Response object) and `DELETE /v1/responses/{id}`
/// (`{"id","object":"response","deleted":true}`), in OpenAI's shapes. Without a store
/// (`responses.store: false`) both are a 404 saying that nothing is kept.
struct StoredResponsesRoute: Sendable {
    let archive: ResponseArchive?

    func get(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let id = try self.id(context)
        let archive = try self.archive(id)
        var response = try await archive.response(id: id)
        // `include[]=reasoning.encrypted_content` as the OpenAI SDKs send it (the brackets
        // percent-encoded; the router leaves keys encoded), or `include=`.
        let include = request.uri.queryParameters.contains { key, value in
            let name = String(key).removingPercentEncoding ?? String(key)
            return (name == "include[]" || name == "include") && value == "reasoning.encrypted_content"
        }
        if !include {
            response = ResponseObject.withoutEncryptedReasoning(response)
        }
        return Self.json(response)
    }

    func delete(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let id = try self.id(context)
        try await archive(id).delete(id: id)
        return Self.json(["id": .string(id), "object": "response", "deleted": true])
    }

    private func id(_ context: ProxyRequestContext) throws(ProxyError) -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw .missingField("response_id") }
        return id
    }

    private func archive(_ id: String) throws(ProxyError) -> ResponseArchive {
        guard let archive else {
            throw ProxyError(
                kind: .notFound, status: 404,
                message: "No response found with id '\(Redactor.truncate(id, limit: 80))': this proxy keeps no "
                    + "responses (responses.store is false in its configuration).",
                code: "not_found")
        }
        return archive
    }

    private static func json(_ value: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }
}
