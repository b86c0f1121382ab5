import GRDB

/// The first migration: a key/value table recording which program created the file and when,
/// so a later version can tell an old database from a fresh one in its messages.
enum StateMetadataSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-metadata") { db in
            try db.create(table: "metadata") { table in
                table.column("key", .text).primaryKey()
                table.column("value", .text).notNull()
            }
            try db.execute(
                sql: "INSERT INTO metadata(key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")
        }
    }
}
