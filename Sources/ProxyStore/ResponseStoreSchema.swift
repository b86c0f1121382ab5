import GRDB

/// The Responses store's table: one row per stored response (`store: true`), keyed by its id.
///
/// A row keeps what a later `previous_response_id` needs: the request's own `input` items and the
/// whole Response object, whose output items carry Claude's signed thinking in
/// `encrypted_content`. Earlier turns are not copied into each row: `previous_id` links a row to
/// the response it continued, so a conversation costs its size once, not once per turn.
/// `stored_at` (Unix milliseconds) and `size` (bytes of both JSON columns) drive pruning.
enum ResponseStoreSchema {
    static let table = "responses"

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-responses") { db in
            try db.create(table: table) { t in
                t.primaryKey("id", .text)
                t.column("previous_id", .text)
                t.column("stored_at", .integer).notNull()
                t.column("input", .text).notNull()
                t.column("response", .text).notNull()
                t.column("size", .integer).notNull()
            }
            // Pruning goes oldest first, by age and by total size.
            try db.create(index: "responses_stored_at", on: table, columns: ["stored_at"])
        }
    }
}
