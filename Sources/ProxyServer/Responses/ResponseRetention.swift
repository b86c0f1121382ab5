import Foundation
import Logging
import ProxyCore
import ProxyStore
import ServiceLifecycle

/// Keeps the Responses store within `responses.maxAgeDays` and `responses.maxMegabytes`: deletes
/// the responses older than the age limit, then the oldest until the rest fit the size limit.
/// Runs shortly after start, then every few minutes, and sooner when a twentieth of the size
/// limit has been written since (`keptBytes`), in the background until a graceful shutdown
/// (or cancellation). A service.
public struct ResponseRetention: Service {
    public let store: ResponseStore
    public let settings: ResponsesSettings
    public let logger: Logger
    public var interval: Duration = .seconds(300)
    /// How often `keptBytes` is looked at between prunes.
    public var checkInterval: Duration = .seconds(10)
    /// Bytes written since it was last called (`ResponseArchive.takeKeptBytes`).
    let keptBytes: @Sendable () -> Int

    public init(
        store: ResponseStore, settings: ResponsesSettings, logger: Logger, keptBytes: @escaping @Sendable () -> Int = { 0 }
    ) {
        self.store = store
        self.settings = settings
        self.logger = logger
        self.keptBytes = keptBytes
    }

    /// Prunes once; returns the responses deleted (0 when the database could not be written).
    @discardableResult
    public func pruneOnce(now: Date = Date()) async -> Int {
        do {
            let old = try await store.prune(before: now.addingTimeInterval(-Double(settings.maxAgeDays) * 86_400))
            let excess = try await store.prune(toTotalBytes: settings.maxBytes)
            if old > 0 {
                logger.info(
                    "responses store: deleted \(old) responses older than \(settings.maxAgeDays) days (responses.maxAgeDays)")
            }
            if excess > 0 {
                let limit = "\(settings.maxMegabytes) MB (responses.maxMegabytes)"
                logger.info("responses store: deleted the \(excess) oldest responses to stay within \(limit)")
            }
            return old + excess
        } catch {
            logger.warning("responses store: pruning failed: \(LedgerStore.describe(error))")
            return 0
        }
    }

    public func run() async {
        let retention = self
        await cancelWhenGracefulShutdown { await retention.pruneWhenDue() }
    }

    private func pruneWhenDue() async {
        try? await Task.sleep(for: .seconds(30))
        let clock = ContinuousClock()
        while !Task.isCancelled {
            await pruneOnce()
            let last = clock.now
            var written = 0
            while !Task.isCancelled, clock.now - last < interval, written < settings.maxBytes / 20 {
                try? await Task.sleep(for: checkInterval)
                written += keptBytes()
            }
        }
    }
}
