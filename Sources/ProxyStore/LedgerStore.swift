import Foundation
import GRDB

/// Writes and prunes ledger rows in a `StateDatabase`. Every call runs on GRDB's writer queue,
/// never on the caller's thread, so the server's event loops are never blocked by the disk.
public struct LedgerStore: Sendable {
    public let database: StateDatabase

    public init(database: StateDatabase) {
        self.database = database
    }

    static let insertSQL = """
        INSERT INTO ledger (time, request_id, client, route, requested_model, upstream_model, upstream, stream, status,
            error_type, attempts, latency_ms, ttft_ms, input_tokens, output_tokens, cache_read_tokens,
            cache_write_tokens, thinking_tokens, cost_usd)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Inserts `records` in one transaction: all of them or, on error, none.
    public func append(_ records: [LedgerRecord]) async throws {
        guard !records.isEmpty else { return }
        try await database.pool.write { db in
            let statement = try db.cachedStatement(sql: Self.insertSQL)
            for record in records {
                try statement.execute(arguments: Self.arguments(record))
            }
        }
    }

    /// Deletes rows that finished before `cutoff`, a bounded chunk per transaction so a first prune
    /// of a large file never holds the write lock for long. Returns how many rows went.
    @discardableResult
    public func prune(before cutoff: Date, chunk: Int = 5000) async throws -> Int {
        try await database.deleteRows(of: "ledger", timeColumn: "time", before: cutoff, chunk: chunk)
    }

    /// A write error as one line for a warning: SQLite's code and message, without the statement.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        }
        return String(describing: error)
    }

    static func arguments(_ r: LedgerRecord) -> StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            LedgerQueries.milliseconds(r.time), r.requestID, r.client, r.route, r.requestedModel, r.upstreamModel,
            r.upstream, r.stream, r.status, r.errorType, r.attempts, r.latencyMs, r.ttftMs, r.inputTokens,
            r.outputTokens, r.cacheReadTokens, r.cacheWriteTokens, r.thinkingTokens, r.costUSD,
        ]
        return StatementArguments(values)
    }
}
