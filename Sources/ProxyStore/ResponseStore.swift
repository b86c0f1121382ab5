import Foundation
import GRDB
import ProxyCore

/// Keeps Responses API responses in the `StateDatabase` for `previous_response_id`,
/// `GET /v1/responses/{id}` and `DELETE /v1/responses/{id}`, and prunes them by age and total
/// size, oldest first. Every call runs on GRDB's queues, never on the caller's thread.
///
/// ```swift
/// let store = ResponseStore(database: database)
/// try await store.save(StoredResponse(id: id, storedAt: Date(), input: items, response: object))
/// let conversation = try await store.conversation(endingAt: id)   // the turns to replay
/// ```
public struct ResponseStore: Sendable {
    public let database: StateDatabase

    /// A conversation longer than this many stored turns is cut (a guard against a damaged file,
    /// not a limit anyone meets: each turn is a request).
    static let maximumTurns = 100_000

    public init(database: StateDatabase) {
        self.database = database
    }

    /// Stores `response`, replacing a row with the same id; returns the bytes it takes.
    @discardableResult
    public func save(_ response: StoredResponse) async throws -> Int {
        let input = JSONWriter.string(.array(response.input))
        let object = JSONWriter.string(response.response)
        let values: [(any DatabaseValueConvertible)?] = [
            response.id, response.previousID, LedgerQueries.milliseconds(response.storedAt), input, object,
            input.utf8.count + object.utf8.count,
        ]
        let arguments = StatementArguments(values)
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO responses (id, previous_id, stored_at, input, response, size)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
        }
        return input.utf8.count + object.utf8.count
    }

    /// The stored response `id`, or nil when none is stored under it.
    public func response(id: String) async throws -> StoredResponse? {
        try await database.pool.read { db in try Self.fetch(db, id: id) }
    }

    /// `id` and the turns it continued, read in one transaction; nil when `id` itself is not stored.
    public func conversation(endingAt id: String) async throws -> StoredConversation? {
        try await database.pool.read { db in
            guard let last = try Self.fetch(db, id: id) else { return nil }
            var turns = [last]
            var missing: String?
            var next = last.previousID
            while let previous = next, turns.count < Self.maximumTurns {
                guard let turn = try Self.fetch(db, id: previous) else {
                    missing = previous
                    break
                }
                turns.append(turn)
                next = turn.previousID
            }
            return StoredConversation(turns: turns.reversed(), missingID: missing)
        }
    }

    /// Deletes `id`; false when nothing was stored under it.
    @discardableResult
    public func delete(id: String) async throws -> Bool {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM responses WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Deletes responses stored before `cutoff`, a bounded chunk per transaction. Returns how many went.
    @discardableResult
    public func prune(before cutoff: Date, chunk: Int = 1000) async throws -> Int {
        try await database.deleteRows(of: "responses", timeColumn: "stored_at", before: cutoff, chunk: chunk)
    }

    /// Deletes the oldest responses until what is stored takes at most `bytes`. Returns how many went.
    @discardableResult
    public func prune(toTotalBytes bytes: Int, chunk: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await database.pool.write { db -> Int in
                var excess = (try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM responses") ?? 0) - bytes
                guard excess > 0 else { return 0 }
                var ids: [String] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT id, size FROM responses ORDER BY stored_at, rowid")
                while excess > 0, ids.count < chunk, let row = try rows.next() {
                    ids.append(row["id"])
                    excess -= row["size"] as Int
                }
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                try db.execute(sql: "DELETE FROM responses WHERE id IN (\(marks))", arguments: StatementArguments(ids))
                return ids.count
            }
            total += deleted
            if deleted < chunk { return total }
        }
    }

    /// How many responses are stored and how many bytes they take.
    public func usage() async throws -> (count: Int, bytes: Int) {
        try await database.pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM responses")
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    static func fetch(_ db: Database, id: String) throws -> StoredResponse? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM responses WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let input = (try? JSONParser.parse(row["input"] as String))?.arrayValue ?? []
        let response = (try? JSONParser.parse(row["response"] as String)) ?? .null
        return StoredResponse(
            id: row["id"], previousID: row["previous_id"],
            storedAt: Date(timeIntervalSince1970: Double(row["stored_at"] as Int64) / 1000), input: input,
            response: response)
    }
}
