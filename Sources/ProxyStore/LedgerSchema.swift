import GRDB

/// The usage ledger's table: one row per finished request, served or refused.
///
/// `time` is when the request finished, in Unix milliseconds (UTC); periods and days are cut in the
/// reader's time zone at query time. Text columns hold what the proxy knew, NULL for what it never
/// learned (a request refused before its body was read has no model). `cost_usd` is NULL when tokens
/// were used on a model without a known price, never a guess.
enum LedgerSchema {
    static let table = "ledger"

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-ledger") { db in
            try db.create(table: table) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("time", .integer).notNull()
                t.column("request_id", .text).notNull()
                t.column("client", .text).notNull()
                t.column("route", .text).notNull()
                t.column("requested_model", .text)
                t.column("upstream_model", .text)
                t.column("upstream", .text)
                t.column("stream", .boolean).notNull()
                t.column("status", .integer).notNull()
                t.column("error_type", .text)
                t.column("attempts", .integer).notNull()
                t.column("latency_ms", .integer).notNull()
                t.column("ttft_ms", .integer)
                t.column("input_tokens", .integer).notNull()
                t.column("output_tokens", .integer).notNull()
                t.column("cache_read_tokens", .integer).notNull()
                t.column("cache_write_tokens", .integer).notNull()
                t.column("thinking_tokens", .integer).notNull()
                t.column("cost_usd", .double)
            }
            // Every query is a time range; per-client ranges (budgets by client) get their own.
            try db.create(index: "ledger_time", on: table, columns: ["time"])
            try db.create(index: "ledger_client_time", on: table, columns: ["client", "time"])
        }
    }
}
