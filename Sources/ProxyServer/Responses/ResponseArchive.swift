import Foundation
import Logging
import ProxyCore
import ProxyStore
import Synchronization

/// The server's side of the Responses store: loads the conversation a `previous_response_id`
/// continues, keeps finished `store: true` responses, and answers `GET`/`DELETE
/// /v1/responses/{id}`, with every failure as the error a client can act on.
///
/// One exists when `responses.store` is on. When the state database could not be opened it
/// still exists, without a store: responses are served but not kept, and asking for a stored
/// one is a 503 saying why.
public final class ResponseArchive: Sendable {
    /// Where the responses go; nil when the state database could not be opened (`unavailable` says why).
    public let store: ResponseStore?
    let unavailable: String?
    let logger: Logger
    /// Bytes kept since `takeKeptBytes()` last asked: lets pruning by size follow a burst of writes.
    private let keptBytes = Mutex(0)

    public init(database: StateDatabase?, openError: String? = nil, logger: Logger) {
        store = database.map { ResponseStore(database: $0) }
        unavailable = database == nil ? openError ?? "the state database is not open" : nil
        self.logger = logger
        if let unavailable {
            logger.warning(
                "responses store unavailable: \(unavailable); responses are served but not stored (fix it and restart)")
        }
    }

    /// The earlier items the request `body` continues: nothing without a `previous_response_id`,
    /// else every stored turn up to that response, oldest first. A 404 when it is unknown.
    func history(for body: JSONValue) async throws(ProxyError) -> [JSONValue] {
        guard let id = body["previous_response_id"]?.stringValue, !id.isEmpty else { return [] }
        let store = try available()
        let conversation: StoredConversation?
        do {
            conversation = try await store.conversation(endingAt: id)
        } catch {
            throw storeFailed(error)
        }
        guard let conversation else {
            throw ProxyError(
                kind: .notFound, status: 404,
                message: "Previous response with id '\(Redactor.truncate(id, limit: 80))' not found. Responses are kept "
                    + "only when created with store true, and for responses.maxAgeDays.",
                param: "previous_response_id", code: "previous_response_not_found")
        }
        if let missing = conversation.missingID {
            throw ProxyError(
                kind: .notFound, status: 404,
                message: "The conversation of previous response '\(Redactor.truncate(id, limit: 80))' continues "
                    + "response '\(missing)', which is no longer stored (deleted or pruned). "
                    + "Send the earlier turns in 'input' instead.",
                param: "previous_response_id", code: "previous_response_not_found")
        }
        return conversation.items
    }

    /// `body` with the reasoning items it sends back by id only (no `encrypted_content` of this
    /// proxy's) filled in from the stored responses that made them, as OpenAI does for stored
    /// items. An item the store does not have is left as sent; the translator drops it.
    func resolvingReasoning(in body: JSONValue) async -> JSONValue {
        guard let store, var object = body.objectValue, var input = object["input"]?.arrayValue else { return body }
        var wanted: [(index: Int, itemID: String, responseID: String, outputIndex: Int)] = []
        for (index, item) in input.enumerated() where item["type"]?.stringValue == "reasoning" {
            if let content = item["encrypted_content"]?.stringValue, EncryptedReasoning.decode(content) != nil { continue }
            guard let itemID = item["id"]?.stringValue, let location = ResponseObject.itemLocation(itemID) else { continue }
            wanted.append((index, itemID, location.responseID, location.outputIndex))
        }
        guard !wanted.isEmpty else { return body }
        var responses: [String: JSONValue] = [:]
        for responseID in Set(wanted.map(\.responseID)) {
            if let stored = try? await store.response(id: responseID) { responses[responseID] = stored.response }
        }
        for entry in wanted {
            guard let item = responses[entry.responseID]?["output"]?[entry.outputIndex],
                item["id"]?.stringValue == entry.itemID, let content = item["encrypted_content"],
                var sent = input[entry.index].objectValue
            else { continue }
            sent["encrypted_content"] = content
            input[entry.index] = .object(sent)
        }
        object["input"] = .array(input)
        return .object(object)
    }

    /// Keeps `response` (a Response object, reasoning `encrypted_content` included) with the
    /// request's input. A failed write is logged, not thrown: the client has its answer.
    func keep(_ response: JSONValue, request: ResponsesRequestEcho) async {
        guard let store, request.store, let id = response["id"]?.stringValue else { return }
        let stored = StoredResponse(
            id: id, previousID: request.previousResponseID, storedAt: Date(), input: request.inputItems, response: response)
        do {
            let bytes = try await store.save(stored)
            keptBytes.withLock { $0 += bytes }
        } catch {
            logger.warning("responses store: keeping \(id) failed: \(LedgerStore.describe(error))")
        }
    }

    /// The bytes kept since the last call.
    public func takeKeptBytes() -> Int {
        keptBytes.withLock { bytes in
            defer { bytes = 0 }
            return bytes
        }
    }

    /// The stored Response object `id`; a 404 when none is stored.
    func response(id: String) async throws(ProxyError) -> JSONValue {
        let store = try available()
        let stored: StoredResponse?
        do {
            stored = try await store.response(id: id)
        } catch {
            throw storeFailed(error)
        }
        guard let stored else { throw Self.notFound(id) }
        return stored.response
    }

    /// Deletes `id`; a 404 when none is stored.
    func delete(id: String) async throws(ProxyError) {
        let store = try available()
        let deleted: Bool
        do {
            deleted = try await store.delete(id: id)
        } catch {
            throw storeFailed(error)
        }
        if !deleted { throw Self.notFound(id) }
    }

    static func notFound(_ id: String) -> ProxyError {
        ProxyError(
            kind: .notFound, status: 404,
            message: "No response found with id '\(Redactor.truncate(id, limit: 80))'. Responses are kept only when "
                + "created with store true, and for responses.maxAgeDays.",
            code: "not_found")
    }

    private func available() throws(ProxyError) -> ResponseStore {
        guard let store else {
            throw ProxyError(
                kind: .unavailable, status: 503,
                message: "The responses store is unavailable: \(unavailable ?? "not open"). Fix it and restart the proxy, "
                    + "or send the earlier turns in 'input'.",
                code: "responses_store_unavailable")
        }
        return store
    }

    private func storeFailed(_ error: any Error) -> ProxyError {
        let reason = LedgerStore.describe(error)
        logger.warning("responses store: \(reason)")
        return ProxyError(
            kind: .unavailable, status: 503, message: "The responses store could not be read: \(reason).",
            code: "responses_store_unavailable")
    }
}
