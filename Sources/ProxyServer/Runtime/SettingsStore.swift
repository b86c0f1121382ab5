import ProxyCore
import Synchronization

/// The current configuration, swapped atomically on reload.
///
/// Each request takes one snapshot when it starts, so requests in flight finish on the
/// configuration they started with.
public final class SettingsStore: Sendable {
    private let current: Mutex<ProxySettings>

    public init(_ settings: ProxySettings) {
        current = Mutex(settings)
    }

    public var snapshot: ProxySettings { current.withLock { $0 } }

    public func replace(with settings: ProxySettings) {
        current.withLock { $0 = settings }
    }
}

/// The model catalog: configured aliases plus the upstream's live list, refreshed in the background.
public final class CatalogStore: Sendable {
    private let catalog: Mutex<ModelCatalog>

    public init(_ catalog: ModelCatalog) {
        self.catalog = Mutex(catalog)
    }

    public var snapshot: ModelCatalog { catalog.withLock { $0 } }

    public func update(liveModels: [ModelInfo]) {
        catalog.withLock { $0.liveModels = liveModels }
    }

    public func update(aliases: [String: String]) {
        catalog.withLock { $0.aliases = aliases }
    }
}
