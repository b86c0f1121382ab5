import Foundation
import Logging
import ProxyStore
import ServiceLifecycle

/// Deletes ledger rows older than `ledger.retentionDays`: once shortly after start, then hourly,
/// in the background until a graceful shutdown (or cancellation). A service.
public struct LedgerRetention: Service {
    public let store: LedgerStore
    public let retentionDays: Int
    public let logger: Logger
    public var interval: Duration = .seconds(3600)

    public init(store: LedgerStore, retentionDays: Int, logger: Logger) {
        self.store = store
        self.retentionDays = retentionDays
        self.logger = logger
    }

    /// Prunes once; returns the rows deleted (0 when the database could not be written).
    @discardableResult
    public func pruneOnce(now: Date = Date()) async -> Int {
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        do {
            let deleted = try await store.prune(before: cutoff)
            if deleted > 0 { logger.info("usage ledger: deleted \(deleted) rows older than \(retentionDays) days (ledger.retentionDays)") }
            return deleted
        } catch {
            logger.warning("usage ledger: pruning rows older than \(retentionDays) days failed: \(LedgerStore.describe(error))")
            return 0
        }
    }

    public func run() async {
        let retention = self
        await cancelWhenGracefulShutdown { await retention.pruneHourly() }
    }

    private func pruneHourly() async {
        // Not at the very start: start-up stays quick, and a restart loop does not prune in a loop.
        try? await Task.sleep(for: .seconds(60))
        while !Task.isCancelled {
            await pruneOnce()
            try? await Task.sleep(for: interval)
        }
    }
}
