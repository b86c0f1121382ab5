import Foundation
import GRDB
import Testing

@testable import ProxyStore

@Suite struct StateDatabaseTests {
    @Test func defaultPathFollowsXDGStateHome() {
        #expect(
            StateDatabasePath.resolve(configured: nil, environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
                == "/s/claude-proxy/claude-proxy.sqlite")
        #expect(
            StateDatabasePath.resolve(configured: nil, environment: ["HOME": "/h"])
                == "/h/.local/state/claude-proxy/claude-proxy.sqlite")
        #expect(StateDatabasePath.resolve(configured: "~/x.sqlite", environment: ["HOME": "/h"]) == "/h/x.sqlite")
    }

    @Test func openingCreatesDirectoryFileAndWALSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/claude-proxy.sqlite").path
        let database = try StateDatabase(path: path)
        let mode = try database.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let applied = try database.pool.read { db in try StateMigrations.migrator().appliedIdentifiers(db) }
        #expect(applied.contains("v1-metadata"))
        // A second open of the same file migrates nothing and keeps what is there.
        let again = try StateDatabase(path: path)
        let created = try again.pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = 'created_at'")
        }
        #expect(created != nil)
    }

    @Test func readingAMissingFileSaysWhichFile() {
        #expect(throws: StateDatabaseError.missing(path: "/nonexistent/x.sqlite")) {
            _ = try StateDatabase(readingExisting: "/nonexistent/x.sqlite")
        }
    }
}
