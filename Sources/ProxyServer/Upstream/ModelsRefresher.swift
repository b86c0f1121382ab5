import Foundation
import Logging
import ProxyCore

/// Keeps the upstream's live model list in the catalog: fetched at start and on a timer, in the
/// background — serving never waits for it.
public actor ModelsRefresher {
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

    /// Refreshes now and then every `modelsRefreshSeconds` until cancelled.
    public func run() async {
        while !Task.isCancelled {
            await refreshOnce()
            let interval = service.settings.snapshot.modelsRefreshSeconds
            let wait = status.state == "ok" ? interval : min(interval, 30)
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    /// Fetches every page of `GET /v1/models`.
    public func refreshOnce() async {
        let settings = service.settings.snapshot
        do {
            let models = try await ModelsFetcher(client: service.client).fetch(pool: service.pool)
            service.catalog.update(liveModels: models)
            status = Status(state: "ok", lastError: nil, lastSuccess: Date())
            service.logger.info("models list refreshed", metadata: ["count": "\(models.count)"])
        } catch {
            status.state = "error"
            status.lastError = "\(error)"
            service.logger.warning(
                "could not fetch the upstream's models list; aliases use built-in fallbacks",
                metadata: ["error": "\(Redactor.scrub("\(error)", secrets: settings.secrets))"])
        }
    }
}
