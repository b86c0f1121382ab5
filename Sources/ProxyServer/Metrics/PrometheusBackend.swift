import CoreMetrics
import Prometheus

/// The Prometheus side of one service's metrics: its own collector registry (not the
/// process-wide `MetricsSystem`, so several services in one process never share counters) behind
/// a swift-metrics factory, and the text exposition of everything recorded through it.
struct PrometheusBackend: Sendable {
    let registry: PrometheusCollectorRegistry
    /// Hands out swift-metrics handlers that record into `registry`.
    let factory: any MetricsFactory

    /// `durationBuckets`: the histogram buckets of each timer, by metric name.
    init(durationBuckets: [String: [Duration]]) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = durationBuckets
        self.registry = registry
        self.factory = factory
    }

    /// Prometheus text format 0.0.4.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        registry.emit(into: &buffer)
        return buffer
    }
}
