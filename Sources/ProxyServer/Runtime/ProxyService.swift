import Foundation
import Logging
import ProxyCore
import Synchronization

/// The proxy's long-lived parts, shared by every route: the runtime snapshot (configuration,
/// upstreams with their credentials, model catalog), upstream client, event hub and logger.
public final class ProxyService: Sendable {
    /// Settings, upstream pool and model catalog, swapped together (`RuntimeSnapshot`).
    public let runtime: RuntimeStore
    public let client: AnthropicClient
    public let logger: Logger
    public let startedAt: Date
    /// Every event of every request, for the dashboard and `/admin/events`.
    public let hub: EventHub
    /// The spending caps, checked before each request goes upstream.
    public let budgets: BudgetGate
    /// Where each finished request's row goes; nil when the ledger is off.
    public let ledger: LedgerRecorder?
    /// Serialises reloads, so each one is checked against, and builds on, the one before.
    private let reloading = Mutex(())
    /// The Responses store; nil when `responses.store` is off.
    public let responses: ResponseArchive?
    private let environment: [String: String]
    private let resolver: SecretResolver

    /// Resolves the upstreams' credentials; throws `ConfigError` or `CredentialError` when none is usable.
    public init(
        settings: ProxySettings, logger: Logger, hub: EventHub = EventHub(), environment: [String: String] = [:],
        resolver: SecretResolver? = nil, ledger: LedgerRecorder? = nil, responses: ResponseArchive? = nil
    ) throws {
        client = AnthropicClient(timeouts: settings.timeouts)
        self.logger = logger
        startedAt = Date()
        self.hub = hub
        budgets = BudgetGate(rules: settings.budgets, hub: hub, logger: logger)
        self.ledger = ledger
        self.responses = responses
        self.environment = environment
        let resolver = resolver ?? SecretResolver(environment: environment, readFile: { path in
            throw ConfigError(file: path, reason: "secret files are not readable here")
        })
        self.resolver = resolver
        do {
            let pool = try UpstreamPool(
                settings: settings, http: client.http, environment: environment, resolver: resolver,
                onStatus: { hub.publish(.credential($0)) })
            runtime = RuntimeStore(
                RuntimeSnapshot(settings: settings, pool: pool, catalog: ModelCatalog(aliases: settings.aliases)))
        } catch {
            let http = client.http
            Task { try? await http.shutdown() }
            throw error
        }
    }

    /// The snapshot `context`'s request took when it arrived (the current one for a context
    /// that did not pass through `RuntimeSnapshotMiddleware`).
    public func snapshot(for context: ProxyRequestContext) -> RuntimeSnapshot {
        context.snapshot ?? runtime.current
    }

    /// Swaps in a new configuration; requests in flight keep the snapshot they started with.
    /// Credentials are re-resolved only when the upstreams changed; the live model list is kept.
    /// Throws a `ConfigError`, leaving the running configuration untouched, for a configuration the
    /// proxy would refuse to start with; the listen address stays the one being listened on
    /// (`ReloadCheck`).
    @discardableResult
    public func apply(_ reloaded: ProxySettings) throws -> ReloadCheck {
        try reloading.withLock { _ throws -> ReloadCheck in
            let running = runtime.current.settings
            let check = try ReloadCheck.check(new: reloaded, running: running)
            let newSettings = check.settings
            var pool: UpstreamPool?
            if newSettings.upstreams != running.upstreams || newSettings.demo != running.demo {
                let hub = hub
                pool = try UpstreamPool(
                    settings: newSettings, http: client.http, environment: environment, resolver: resolver,
                    onStatus: { hub.publish(.credential($0)) })
            }
            if newSettings.budgets != budgets.rules { budgets.replace(rules: newSettings.budgets) }
            runtime.swap { $0.reloaded(with: newSettings, pool: pool) }
            return check
        }
    }

    /// Stores a freshly fetched live model list, unless a reload replaced the upstreams it was
    /// fetched from meanwhile (then the list may be another upstream's: returns false).
    @discardableResult
    public func store(liveModels: [ModelInfo], fetchedFrom pool: UpstreamPool) -> Bool {
        runtime.swap { $0.pool === pool ? $0.refreshed(liveModels: liveModels) : nil } != nil
    }

    /// After the server has stopped: writes the ledger rows still queued, then closes the upstream client.
    public func shutdown() async {
        await ledger?.close()
        await client.shutdown()
    }
}
