import Foundation
import GRDB
import Testing

@testable import ProxyStore

@Suite struct LedgerStoreTests {
    @Test func migratingAnEmptyFileCreatesTheLedgerWithItsIndexes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        let (applied, columns, indexes, plan) = try database.pool.read { db in
            (
                try StateMigrations.migrator().appliedIdentifiers(db), try db.columns(in: "ledger").map(\.name),
                try db.indexes(on: "ledger").map(\.name),
                // The time-range query uses the index rather than scanning the table.
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ledger WHERE time >= 1 AND time < 2")
                    .map { $0["detail"] as String }.joined(separator: "; ")
            )
        }
        #expect(applied.isSuperset(of: ["v1-metadata", "v1-ledger"]))
        #expect(
            columns == [
                "id", "time", "request_id", "client", "route", "requested_model", "upstream_model", "upstream",
                "stream", "status", "error_type", "attempts", "latency_ms", "ttft_ms", "input_tokens",
                "output_tokens", "cache_read_tokens", "cache_write_tokens", "thinking_tokens", "cost_usd",
            ])
        #expect(Set(indexes) == ["ledger_time", "ledger_client_time"])
        #expect(plan.contains("ledger_time"), "query plan: \(plan)")
    }

    @Test func aFileFromThePreviousSchemaGainsTheLedgerAndKeepsItsMetadata() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        do {
            // What the release before the ledger created: only "v1-metadata".
            let old = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            StateMetadataSchema.register(in: &migrator)
            try migrator.migrate(old)
            try old.write { db in try db.execute(sql: "INSERT INTO metadata(key, value) VALUES ('note', 'kept')") }
            let hadLedger = try old.read { db in try db.tableExists("ledger") }
            #expect(hadLedger == false)
        }
        let database = try StateDatabase(path: path)
        let (applied, hasLedger, note) = try database.pool.read { db in
            (
                try StateMigrations.migrator().appliedIdentifiers(db), try db.tableExists("ledger"),
                try String.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = 'note'")
            )
        }
        #expect(applied.contains("v1-ledger"))
        #expect(hasLedger)
        #expect(note == "kept")
    }

    @Test func appendedRowsReadBackUnchanged() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        let rows = [
            row(0, input: 10, output: 20, cacheRead: 3, cacheWrite: 4, thinking: 5, cost: 0.00123),
            row(1, model: nil, upstream: nil, status: 401, cost: 0),
            row(2, model: "claude-opus-4-7", input: 7, output: 8, cost: nil),
        ]
        try await LedgerStore(database: database).append(rows)
        let read = try await LedgerQueries(database: database).records(.all)
        #expect(read == rows)
    }

    @Test func totalsSeparateKnownFromUnknownCost() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        try await LedgerStore(database: database).append([
            row(0, client: "a", input: 100, output: 50, cost: 0.5),
            row(10, client: "a", status: 529, cost: 0),
            row(20, client: "b", model: "claude-opus-4-7", input: 1, output: 1, cost: nil),
            row(-86_400, client: "a", input: 1000, cost: 2),
        ])
        let queries = LedgerQueries(database: database)
        let today = LedgerPeriod.today(now: noon, timeZone: TimeZone(identifier: "UTC")!)
        #expect(
            try await queries.totals(today)
                == LedgerTotals(requests: 3, errors: 1, inputTokens: 101, outputTokens: 51, costUSD: 0.5, unpricedRequests: 1))
        #expect(try await queries.totals(today, client: "a").requests == 2)
        #expect(try await queries.totals(.all).requests == 4)
        #expect(try await queries.totals(LedgerPeriod(from: noon.addingTimeInterval(3600))) == LedgerTotals())
    }

    @Test func daysAreCutInTheReadersTimeZone() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        // 12:00Z, 22:30Z and 23:30Z on 2026-11-15: the last is already the 16th in Berlin (UTC+1), the last two
        // are the 16th in Kolkata (UTC+5:30), all three are the 15th in New York.
        try await LedgerStore(database: database).append([row(0, input: 1), row(10.5 * 3600, input: 2), row(11.5 * 3600, input: 4)])
        let queries = LedgerQueries(database: database)
        let berlin = try await queries.groups(.all, by: .day, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect(berlin.map(\.key) == ["2026-11-15", "2026-11-16"])
        #expect(berlin.map(\.totals.inputTokens) == [3, 4])
        let newYork = try await queries.groups(.all, by: .day, timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(newYork.map(\.key) == ["2026-11-15"])
        #expect(newYork.map(\.totals.inputTokens) == [7])
        let kolkata = try await queries.groups(.all, by: .day, timeZone: TimeZone(identifier: "Asia/Kolkata")!)
        #expect(kolkata.map(\.key) == ["2026-11-15", "2026-11-16"])
        #expect(kolkata.map(\.totals.inputTokens) == [1, 6])
    }

    @Test func groupsByModelClientAndUpstreamSortByCostThenRequests() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        try await LedgerStore(database: database).append([
            row(0, client: "a", upstream: "primary", cost: 0.1),
            row(1, client: "b", model: "claude-haiku-4-5-20251001", upstream: "backup", cost: 0.3),
            row(2, client: "b", model: nil, upstream: nil, status: 401),
        ])
        let queries = LedgerQueries(database: database)
        let utc = TimeZone(identifier: "UTC")!
        #expect(
            try await queries.groups(.all, by: .model, timeZone: utc).map(\.key) == [
                "claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929", "(none)",
            ])
        #expect(try await queries.groups(.all, by: .client, timeZone: utc).map(\.key) == ["b", "a"])
        #expect(try await queries.groups(.all, by: .upstream, timeZone: utc).map(\.key) == ["backup", "primary", "(none)"])
    }

    @Test func pruningDeletesOnlyRowsOlderThanTheCutoff() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let database = try StateDatabase(path: directory.path("state.sqlite"))
        let store = LedgerStore(database: database)
        try await store.append((0..<25).map { row(Double(-$0) * 86_400) })
        let deleted = try await store.prune(before: noon.addingTimeInterval(-9.5 * 86_400), chunk: 4)
        #expect(deleted == 15)
        #expect(try await LedgerQueries(database: database).totals(.all).requests == 10)
    }

    @Test func aMissingLedgerTableReadsAsNoLedger() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let old = try DatabasePool(path: path)
        var migrator = DatabaseMigrator()
        StateMetadataSchema.register(in: &migrator)
        try migrator.migrate(old)
        try old.close()
        let queries = LedgerQueries(database: try StateDatabase(readingExisting: path))
        #expect(try await queries.hasLedger() == false)
    }
}
