import Foundation
import Logging
import ProxyCore
import ServiceLifecycle

/// Keeps the upstream's live model list in the catalog: fetched at start and on a timer, in the
/// background — serving never waits for it. A service: runs until a graceful shutdown (or cancellation).
public actor ModelsRefresher: Service {
    struct Status: Sendable {
        var state = "unknown"
        var lastError: String?
        var lastSuccess: Date?
    }

    private let service: ProxyService
    private(set) var status = Status()

    public init(service: ProxyService) {
        self.service = service
    }

    /// Refreshes now and then every `modelsRefreshSeconds` until a graceful shutdown or cancellation.
    public nonisolated func run() async {
        await cancelWhenGracefulShutdown { await self.refreshPeriodically() }
    }

    private func refreshPeriodically() async {
        while !Task.isCancelled {
            await refreshOnce()
            let interval = service.runtime.current.settings.modelsRefreshSeconds
            let wait = status.state == "ok" ? interval : min(interval, 30)
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    /// Fetches every page of `GET /v1/models` from the current upstreams and stores the list in
    /// a new runtime snapshot. A reload that replaces the upstreams during the fetch makes the
    /// list stale: it is fetched once more from the new ones.
    public func refreshOnce() async {
        for _ in 0..<2 {
            let snapshot = service.runtime.current
            do {
                let models = try await ModelsFetcher(client: service.client).fetch(pool: snapshot.pool)
                guard service.store(liveModels: models, fetchedFrom: snapshot.pool) else { continue }
                status = Status(state: "ok", lastError: nil, lastSuccess: Date())
                service.logger.info("models list refreshed", metadata: ["count": "\(models.count)"])
            } catch {
                status.state = "error"
                status.lastError = "\(error)"
                service.logger.warning(
                    "could not fetch the upstream's models list; aliases use built-in fallbacks",
                    metadata: ["error": "\(Redactor.scrub("\(error)", secrets: snapshot.settings.secrets))"])
            }
            return
        }
    }
}
