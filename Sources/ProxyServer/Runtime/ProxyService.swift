import Foundation
import Logging
import ProxyCore
import Synchronization

/// The proxy's long-lived parts, shared by every route: configuration, upstreams with their
/// credentials, model catalog, upstream client, event hub and logger.
public final class ProxyService: Sendable {
    public let settings: SettingsStore
    public let catalog: CatalogStore
    public let client: AnthropicClient
    public let logger: Logger
    public let startedAt: Date
    /// Every event of every request, for the dashboard and `/admin/events`.
    public let hub: EventHub
    /// The spending caps, checked before each request goes upstream.
    public let budgets: BudgetGate
    /// Where each finished request's row goes; nil when the ledger is off.
    public let ledger: LedgerRecorder?
    /// The counters, histograms and gauges `GET /metrics` serves; this service's own registry.
    public let metrics: ProxyMetrics
    private let currentPool: Mutex<UpstreamPool>
    private let environment: [String: String]
    private let resolver: SecretResolver

    /// Resolves the upstreams' credentials; throws `ConfigError` or `CredentialError` when none is usable.
    public init(
        settings: ProxySettings, logger: Logger, hub: EventHub = EventHub(), environment: [String: String] = [:],
        resolver: SecretResolver? = nil, ledger: LedgerRecorder? = nil
    ) throws {
        self.settings = SettingsStore(settings)
        catalog = CatalogStore(ModelCatalog(aliases: settings.aliases))
        client = AnthropicClient(timeouts: settings.timeouts)
        self.logger = logger
        startedAt = Date()
        self.hub = hub
        budgets = BudgetGate(rules: settings.budgets, hub: hub, logger: logger)
        self.ledger = ledger
        metrics = ProxyMetrics()
        self.environment = environment
        let resolver = resolver ?? SecretResolver(environment: environment, readFile: { path in
            throw ConfigError(file: path, reason: "secret files are not readable here")
        })
        self.resolver = resolver
        do {
            currentPool = Mutex(
                try UpstreamPool(
                    settings: settings, http: client.http, environment: environment, resolver: resolver,
                    onStatus: { hub.publish(.credential($0)) }))
        } catch {
            let http = client.http
            Task { try? await http.shutdown() }
            throw error
        }
    }

    /// The upstreams a request starting now uses.
    public var pool: UpstreamPool { currentPool.withLock { $0 } }

    /// Swaps in a new configuration; requests in flight keep the one they started with.
    /// Credentials are re-resolved only when the upstreams changed. Throws a `ConfigError`, leaving
    /// the running configuration untouched, for a configuration the proxy would refuse to start
    /// with; the listen address stays the one being listened on (`ReloadCheck`).
    @discardableResult
    public func apply(_ reloaded: ProxySettings) throws -> ReloadCheck {
        let check = try ReloadCheck.check(new: reloaded, running: settings.snapshot)
        let newSettings = check.settings
        if newSettings.upstreams != settings.snapshot.upstreams || newSettings.demo != settings.snapshot.demo {
            let hub = hub
            let pool = try UpstreamPool(
                settings: newSettings, http: client.http, environment: environment, resolver: resolver,
                onStatus: { hub.publish(.credential($0)) })
            currentPool.withLock { $0 = pool }
        }
        if newSettings.budgets != budgets.rules { budgets.replace(rules: newSettings.budgets) }
        settings.replace(with: newSettings)
        catalog.update(aliases: newSettings.aliases)
        return check
    }

    /// After the server has stopped: writes the ledger rows still queued, then closes the upstream client.
    public func shutdown() async {
        await ledger?.close()
        await client.shutdown()
    }
}
