import Foundation
import GRDB

/// The one SQLite file that holds what outlives a process: the usage ledger and the Responses store.
/// Opened in WAL mode (a `DatabasePool`), so `claude-proxy usage` can read while the service writes;
/// the schema is created and moved forward by `StateMigrations`.
public final class StateDatabase: Sendable {
    public let path: String
    public let pool: DatabasePool

    /// Opens (creating the directory and the file when missing) and migrates to the current schema.
    public init(path: String) throws(StateDatabaseError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        // A writer waiting on a lock held by `claude-proxy usage` or a backup should wait, not fail at once.
        configuration.busyMode = .timeout(5)
        configuration.label = "claude-proxy.state"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
        do {
            try StateMigrations.migrator().migrate(pool)
        } catch {
            throw .migrationFailed(path: path, reason: String(describing: error))
        }
    }

    /// Opens an existing database for reading only (the `usage` command): nothing is created or migrated.
    public init(readingExisting path: String) throws(StateDatabaseError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
    }
}

/// Why the state database could not be used, with the file named.
public enum StateDatabaseError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case cannotOpen(path: String, reason: String)
    case migrationFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "no state database at \(path)"
        case .cannotOpen(let path, let reason): "cannot open the state database \(path): \(reason)"
        case .migrationFailed(let path, let reason): "cannot migrate the state database \(path): \(reason)"
        }
    }
}
