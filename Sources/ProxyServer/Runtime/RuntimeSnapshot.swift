import ProxyCore

/// One consistent view of everything a request is served with: the settings, the upstreams
/// with their credentials, and the model catalog.
///
/// Immutable once taken. Each request takes one snapshot when it arrives (`RuntimeSnapshotMiddleware`)
/// and uses it to the end, so a reload or a models refresh that lands meanwhile never gives a
/// request old aliases with new upstreams, or new settings with an old pool.
public struct RuntimeSnapshot: Sendable {
    public let settings: ProxySettings
    /// The upstreams in failover order; rebuilt only when a reload changes them.
    public let pool: UpstreamPool
    /// Configured aliases plus the upstream's live model list.
    public let catalog: ModelCatalog
    /// Counts the swaps since the proxy started (0 for the first snapshot).
    public let generation: Int

    public init(settings: ProxySettings, pool: UpstreamPool, catalog: ModelCatalog, generation: Int = 0) {
        self.settings = settings
        self.pool = pool
        self.catalog = catalog
        self.generation = generation
    }

    /// The snapshot a reload produces: new settings and aliases, the new pool when the upstreams
    /// changed, and the live model list as it is now.
    public func reloaded(with settings: ProxySettings, pool: UpstreamPool?) -> RuntimeSnapshot {
        var catalog = catalog
        catalog.aliases = settings.aliases
        return RuntimeSnapshot(settings: settings, pool: pool ?? self.pool, catalog: catalog, generation: generation + 1)
    }

    /// The snapshot a models refresh produces: everything as it is now but the live model list.
    public func refreshed(liveModels: [ModelInfo]) -> RuntimeSnapshot {
        var catalog = catalog
        catalog.liveModels = liveModels
        return RuntimeSnapshot(settings: settings, pool: pool, catalog: catalog, generation: generation + 1)
    }
}
