import ProxyCore
import Synchronization

/// One request's metrics: told its route and model when accepted, its first token, and how it
/// ended — counted once, by whichever end comes first (like its ledger row).
final class RequestMetrics: Sendable {
    private struct State {
        var handles: RequestHandles?
        var ended = false
    }

    let metrics: ProxyMetrics
    private let started: ContinuousClock.Instant
    private let state = Mutex(State())

    init(metrics: ProxyMetrics, started: ContinuousClock.Instant) {
        self.metrics = metrics
        self.started = started
    }

    /// `model`: the catalog-bounded label (`ModelCatalog.metricsLabel(for:)`).
    func accepted(route: String, model: String) {
        let handles = metrics.handles(route: route, model: model)
        state.withLock { $0.handles = handles }
    }

    func firstToken() {
        let elapsed = ContinuousClock.now - started
        state.withLock { $0.handles }?.firstToken.recordNanoseconds(elapsed.nanoseconds)
    }

    /// Counts the request with `status` and `usage`; later calls do nothing. A request that ends
    /// before being accepted is counted under `fallbackRoute` with no model.
    func end(status: Int, usage: Usage = Usage(), fallbackRoute: String = "other") {
        let elapsed = ContinuousClock.now - started
        guard
            let handles = state.withLock({ state -> RequestHandles?? in
                if state.ended { return nil }
                state.ended = true
                return .some(state.handles)
            })
        else { return }
        (handles ?? metrics.handles(route: fallbackRoute, model: ProxyMetrics.noModelLabel))
            .ended(status: status, elapsed: elapsed, usage: usage)
    }

    func streamOpened() { metrics.activeStreams.increment() }
    func streamClosed() { metrics.activeStreams.decrement() }
}
