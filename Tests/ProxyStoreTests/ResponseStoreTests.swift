import Foundation
import GRDB
import ProxyCore
import Testing

@testable import ProxyStore

@Suite struct ResponseStoreTests {
    func turn(_ id: String, previous: String? = nil, at offset: Double = 0, text: String = "hi") -> StoredResponse {
        StoredResponse(
            id: id, previousID: previous, storedAt: noon.addingTimeInterval(offset),
            input: [["type": "message", "role": "user", "content": .string(text)]],
            response: [
                "id": .string(id), "object": "response",
                "output": [["type": "message", "role": "assistant", "content": [["type": "output_text", "text": "ok"]]]],
            ])
    }

    @Test func migratingAnEmptyFileCreatesTheResponsesTableAfterTheLedger() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        let (applied, columns, indexes) = try database.pool.read { db in
            (
                try StateMigrations.migrator().appliedIdentifiers(db), try db.columns(in: "responses").map(\.name),
                try db.indexes(on: "responses").map(\.name)
            )
        }
        #expect(applied == ["v1-metadata", "v1-ledger", "v1-responses"])
        #expect(columns == ["id", "previous_id", "stored_at", "input", "response", "size"])
        #expect(indexes.contains("responses_stored_at"))
    }

    @Test func aFileWithTheLedgerSchemaGainsTheStoreAndKeepsItsRows() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        do {
            // What the release with the ledger and without the store created.
            let old = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            StateMetadataSchema.register(in: &migrator)
            LedgerSchema.register(in: &migrator)
            try migrator.migrate(old)
            let hadTable = try await old.read { db in try db.tableExists("responses") }
            #expect(hadTable == false)
        }
        let database = try StateDatabase(path: path)
        try await LedgerStore(database: database).append([row(0)])
        #expect(try await LedgerQueries(database: database).records(.all).count == 1)
        let store = ResponseStore(database: database)
        try await store.save(turn("resp_1"))
        #expect(try await store.response(id: "resp_1") == turn("resp_1"))
    }

    @Test func savedResponsesReadBackUnchangedAndUnknownIdsAreNil() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = ResponseStore(database: try StateDatabase(path: directory.path("state.sqlite")))
        let saved = turn("resp_a", previous: "resp_0", text: "héllo \"quoted\"")
        try await store.save(saved)
        #expect(try await store.response(id: "resp_a") == saved)
        #expect(try await store.response(id: "resp_missing") == nil)
    }

    @Test func conversationWalksPreviousLinksOldestFirst() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = ResponseStore(database: try StateDatabase(path: directory.path("state.sqlite")))
        try await store.save(turn("resp_1", text: "one"))
        try await store.save(turn("resp_2", previous: "resp_1", at: 1, text: "two"))
        try await store.save(turn("resp_3", previous: "resp_2", at: 2, text: "three"))
        let conversation = try #require(try await store.conversation(endingAt: "resp_3"))
        #expect(conversation.turns.map(\.id) == ["resp_1", "resp_2", "resp_3"])
        #expect(conversation.missingID == nil)
        #expect(conversation.items.count == 6)
        #expect(conversation.items[2]["content"]?.stringValue == "two")
        #expect(conversation.items[3]["role"]?.stringValue == "assistant")
        #expect(try await store.conversation(endingAt: "resp_nope") == nil)
    }

    @Test func aDeletedEarlierTurnIsReportedAsMissing() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = ResponseStore(database: try StateDatabase(path: directory.path("state.sqlite")))
        try await store.save(turn("resp_1"))
        try await store.save(turn("resp_2", previous: "resp_1", at: 1))
        #expect(try await store.delete(id: "resp_1"))
        #expect(try await store.delete(id: "resp_1") == false)
        let conversation = try #require(try await store.conversation(endingAt: "resp_2"))
        #expect(conversation.turns.map(\.id) == ["resp_2"])
        #expect(conversation.missingID == "resp_1")
    }

    @Test func pruningByAgeDeletesOnlyOlderResponses() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = ResponseStore(database: try StateDatabase(path: directory.path("state.sqlite")))
        for index in 0..<5 { try await store.save(turn("resp_\(index)", at: Double(index) * 86_400)) }
        let deleted = try await store.prune(before: noon.addingTimeInterval(2 * 86_400), chunk: 1)
        #expect(deleted == 2)
        #expect(try await store.response(id: "resp_1") == nil)
        #expect(try await store.response(id: "resp_2") != nil)
        #expect(try await store.usage().count == 3)
    }

    @Test func pruningBySizeDeletesOldestFirstUntilUnderTheLimit() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = ResponseStore(database: try StateDatabase(path: directory.path("state.sqlite")))
        // Saved newest-first on purpose: the order is by age, not by insertion.
        for index in (0..<10).reversed() {
            try await store.save(turn("resp_\(index)", at: Double(index), text: String(repeating: "x", count: 1000)))
        }
        let (_, before) = try await store.usage()
        let each = before / 10
        let deleted = try await store.prune(toTotalBytes: each * 4 + each / 2, chunk: 3)
        #expect(deleted == 6)
        let (count, after) = try await store.usage()
        #expect(count == 4 && after <= each * 4 + each / 2)
        #expect(try await store.response(id: "resp_5") == nil)
        #expect(try await store.response(id: "resp_6") != nil)
        #expect(try await store.prune(toTotalBytes: after) == 0)
    }
}
