import CoreMetrics
import Foundation
import ProxyCore
import Synchronization

/// The proxy's metrics, served by `GET /metrics` in Prometheus text format: recorded through
/// swift-metrics into a Prometheus registry owned by this instance (one per `ProxyService`).
///
/// Request metrics are labelled by route, model (bounded by the catalog, see
/// `ModelCatalog.metricsLabel(for:)`) and status; their handlers are resolved once per route and
/// model and kept, so a request costs one dictionary lookup, not one per streamed event. Figures
/// that are states rather than events (credential expiry, budgets, events dropped) are read when
/// scraped.
public final class ProxyMetrics: Sendable {
    /// The exported metric names.
    public enum Name {
        public static let requests = "claude_proxy_requests_total"
        public static let requestDuration = "claude_proxy_request_duration_seconds"
        public static let timeToFirstToken = "claude_proxy_time_to_first_token_seconds"
        public static let tokens = "claude_proxy_tokens_total"
        public static let retries = "claude_proxy_upstream_retries_total"
        public static let upstreamErrors = "claude_proxy_upstream_errors_total"
        public static let failovers = "claude_proxy_upstream_failovers_total"
        public static let activeStreams = "claude_proxy_active_streams"
        public static let eventsDropped = "claude_proxy_events_dropped_total"
        public static let credentialExpiry = "claude_proxy_credential_expiry_seconds"
        public static let budgetSpent = "claude_proxy_budget_spent_usd"
        public static let budgetRemaining = "claude_proxy_budget_remaining_usd"
        public static let budgetLimit = "claude_proxy_budget_limit_usd"
    }

    /// The model label of a request refused before its model was read (bad key, bad body).
    public static let noModelLabel = "none"

    static let durationBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300),
    ]
    static let firstTokenBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    private struct RouteModel: Hashable {
        var route: String
        var model: String
    }

    private struct ScrapedKey: Hashable {
        var name: String
        var label: String
    }

    private let backend: PrometheusBackend
    private let handleTable = Mutex<[RouteModel: RequestHandles]>([:])
    /// The scrape-time gauges by name and label, so those whose subject went away (a budget
    /// removed by a reload) are taken out of the output.
    private let scraped = Mutex<[ScrapedKey: Gauge]>([:])
    /// The hub's drop count at the last scrape, to move the counter by the difference.
    private let droppedSeen = Mutex<Int>(0)
    let activeStreams: Meter
    private let eventsDropped: Counter

    public init() {
        backend = PrometheusBackend(durationBuckets: [
            Name.requestDuration: Self.durationBuckets, Name.timeToFirstToken: Self.firstTokenBuckets,
        ])
        activeStreams = Meter(label: Name.activeStreams, factory: backend.factory)
        eventsDropped = Counter(label: Name.eventsDropped, factory: backend.factory)
    }

    /// The handlers of one route and model, made the first time they are asked for.
    func handles(route: String, model: String) -> RequestHandles {
        let key = RouteModel(route: route, model: model)
        if let existing = handleTable.withLock({ $0[key] }) { return existing }
        let made = RequestHandles(route: route, model: model, factory: backend.factory)
        return handleTable.withLock { table in
            if let existing = table[key] { return existing }
            table[key] = made
            return made
        }
    }

    /// One retry of an upstream request; `cause` is a status code or `connection`/`timeout`/`credential_refresh`.
    func retry(upstream: String, cause: String) {
        Counter(label: Name.retries, dimensions: [("upstream", upstream), ("cause", cause)], factory: backend.factory)
            .increment()
    }

    /// One failed attempt at an upstream (retried or not), by `UpstreamErrorType`.
    func upstreamError(upstream: String, type: UpstreamErrorType) {
        Counter(
            label: Name.upstreamErrors, dimensions: [("upstream", upstream), ("type", type.rawValue)],
            factory: backend.factory
        )
        .increment()
    }

    func failover(from: String, to: String) {
        Counter(label: Name.failovers, dimensions: [("from", from), ("to", to)], factory: backend.factory).increment()
    }

    /// The whole exposition, with the scrape-time figures of `service` read now.
    public func scrape(_ service: ProxyService) async -> [UInt8] {
        var expiries: [(upstream: String, expiresAt: Double)] = []
        for target in service.runtime.current.pool.targets {
            if let expiresAt = await target.cache?.status.expiresAt {
                expiries.append((target.upstream.name, expiresAt))
            }
        }
        return exposition(
            credentialExpiries: expiries, budgets: service.budgets.statuses, droppedEvents: service.hub.droppedEvents,
            now: Date().timeIntervalSince1970)
    }

    /// The exposition with these scrape-time figures: each expiring credential's expiry (Unix
    /// seconds), the budgets as they stand, and the hub's total of dropped events.
    func exposition(
        credentialExpiries: [(upstream: String, expiresAt: Double)], budgets: [BudgetStatus], droppedEvents: Int,
        now: Double
    ) -> [UInt8] {
        var values: [ScrapedKey: Double] = [:]
        for (upstream, expiresAt) in credentialExpiries {
            values[ScrapedKey(name: Name.credentialExpiry, label: upstream)] = expiresAt - now
        }
        for budget in budgets {
            values[ScrapedKey(name: Name.budgetSpent, label: budget.name)] = budget.spentUSD
            values[ScrapedKey(name: Name.budgetRemaining, label: budget.name)] = budget.remainingUSD
            values[ScrapedKey(name: Name.budgetLimit, label: budget.name)] = budget.limitUSD
        }
        updateScraped(values)
        let delta = droppedSeen.withLock { seen -> Int in
            defer { seen = max(seen, droppedEvents) }
            return max(0, droppedEvents - seen)
        }
        if delta > 0 { eventsDropped.increment(by: delta) }
        return backend.exposition()
    }

    private func updateScraped(_ values: [ScrapedKey: Double]) {
        let factory = backend.factory
        scraped.withLock { gauges in
            for (key, gauge) in gauges where values[key] == nil {
                gauge.destroy()
                gauges[key] = nil
            }
            for (key, value) in values {
                let labelName = key.name == Name.credentialExpiry ? "upstream" : "budget"
                let gauge =
                    gauges[key] ?? Gauge(label: key.name, dimensions: [(labelName, key.label)], factory: factory)
                gauges[key] = gauge
                gauge.record(value)
            }
        }
    }
}

/// The metric handlers of one route and model, kept for the service's life.
final class RequestHandles: Sendable {
    let route: String
    let model: String
    let duration: CoreMetrics.Timer
    let firstToken: CoreMetrics.Timer
    private let inputTokens: Counter
    private let outputTokens: Counter
    private let cacheReadTokens: Counter
    private let cacheWriteTokens: Counter
    private let byStatus = Mutex<[Int: Counter]>([:])
    private let factory: any MetricsFactory

    init(route: String, model: String, factory: any MetricsFactory) {
        self.route = route
        self.model = model
        self.factory = factory
        let labels = [("route", route), ("model", model)]
        duration = CoreMetrics.Timer(label: ProxyMetrics.Name.requestDuration, dimensions: labels, factory: factory)
        firstToken = CoreMetrics.Timer(label: ProxyMetrics.Name.timeToFirstToken, dimensions: labels, factory: factory)
        func tokens(_ kind: String) -> Counter {
            Counter(label: ProxyMetrics.Name.tokens, dimensions: [("model", model), ("kind", kind)], factory: factory)
        }
        inputTokens = tokens("input")
        outputTokens = tokens("output")
        cacheReadTokens = tokens("cache_read")
        cacheWriteTokens = tokens("cache_write")
    }

    /// One request of this route and model ended with `status` after `elapsed`, having used `usage`.
    func ended(status: Int, elapsed: Duration, usage: Usage) {
        let counter = byStatus.withLock { table in
            if let counter = table[status] { return counter }
            let counter = Counter(
                label: ProxyMetrics.Name.requests,
                dimensions: [("route", route), ("model", model), ("status", String(status))],
                factory: factory)
            table[status] = counter
            return counter
        }
        counter.increment()
        duration.recordNanoseconds(elapsed.nanoseconds)
        if usage.inputTokens > 0 { inputTokens.increment(by: usage.inputTokens) }
        if usage.outputTokens > 0 { outputTokens.increment(by: usage.outputTokens) }
        if usage.cacheReadInputTokens > 0 { cacheReadTokens.increment(by: usage.cacheReadInputTokens) }
        if usage.cacheCreationInputTokens > 0 { cacheWriteTokens.increment(by: usage.cacheCreationInputTokens) }
    }
}

extension Duration {
    /// Whole nanoseconds (saturating), for swift-metrics timers.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
