import Foundation
import GRDB

extension StateDatabase {
    /// Deletes the rows of `table` whose `timeColumn` (Unix milliseconds) is before `cutoff`, oldest
    /// first, at most `chunk` rows per transaction so a first prune of a large file never holds the
    /// write lock for long. Returns how many rows went. The ledger and the Responses store both
    /// prune by age through this; `table` and `timeColumn` are our own schema's names, never input.
    func deleteRows(of table: String, timeColumn: String, before cutoff: Date, chunk: Int) async throws -> Int {
        let limit = LedgerQueries.milliseconds(cutoff)
        let sql = """
            DELETE FROM \(table) WHERE id IN
                (SELECT id FROM \(table) WHERE \(timeColumn) < ? ORDER BY \(timeColumn) LIMIT ?)
            """
        var total = 0
        while true {
            let deleted = try await pool.write { db -> Int in
                try db.execute(sql: sql, arguments: [limit, chunk])
                return db.changesCount
            }
            total += deleted
            if deleted < chunk { return total }
        }
    }
}
