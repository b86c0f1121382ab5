import Foundation
import Logging
import ProxyCore
import ProxyStore
import ServiceLifecycle

/// Keeps the Responses store within `responses.maxAgeDays` and `responses.maxMegabytes`: deletes
/// the responses older than the age limit, then the oldest until the rest fit the size limit.
/// Runs shortly after start, then every few minutes, in the background until a graceful shutdown
/// (or cancellation). A service.
public struct ResponseRetention: Service {
    public let store: ResponseStore
    public let settings: ResponsesSettings
    public let logger: Logger
    public var interval: Duration = .seconds(300)

    public init(store: ResponseStore, settings: ResponsesSettings, logger: Logger) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    /// Prunes once; returns the responses deleted (0 when the database could not be written).
    @discardableResult
    public func pruneOnce(now: Date = Date()) async -> Int {
        do {
            let old = try await store.prune(before: now.addingTimeInterval(-Double(settings.maxAgeDays) * 86_400))
            let excess = try await store.prune(toTotalBytes: settings.maxBytes)
            if old > 0 {
                logger.info("responses store: deleted \(old) responses older than \(settings.maxAgeDays) days (responses.maxAgeDays)")
            }
            if excess > 0 {
                logger.info("responses store: deleted the \(excess) oldest responses to stay within \(settings.maxMegabytes) MB (responses.maxMegabytes)")
            }
            return old + excess
        } catch {
            logger.warning("responses store: pruning failed: \(LedgerStore.describe(error))")
            return 0
        }
    }

    public func run() async {
        let retention = self
        await cancelWhenGracefulShutdown { await retention.pruneEveryFewMinutes() }
    }

    private func pruneEveryFewMinutes() async {
        try? await Task.sleep(for: .seconds(30))
        while !Task.isCancelled {
            await pruneOnce()
            try? await Task.sleep(for: interval)
        }
    }
}
