import Foundation
import Logging
import ProxyCore

/// The proxy's long-lived parts, shared by every route: configuration, model catalog,
/// upstream client and logger.
public final class ProxyService: Sendable {
    public let settings: SettingsStore
    public let catalog: CatalogStore
    public let client: AnthropicClient
    public let logger: Logger
    public let startedAt: Date
    /// Every event of every request, for the dashboard and `/admin/events`.
    public let hub: EventHub

    public init(settings: ProxySettings, logger: Logger, hub: EventHub = EventHub()) {
        self.settings = SettingsStore(settings)
        catalog = CatalogStore(ModelCatalog(aliases: settings.aliases))
        client = AnthropicClient(timeouts: settings.timeouts)
        self.logger = logger
        startedAt = Date()
        self.hub = hub
    }

    /// Swaps in a new configuration; requests in flight keep the one they started with.
    public func apply(_ newSettings: ProxySettings) {
        settings.replace(with: newSettings)
        catalog.update(aliases: newSettings.aliases)
    }

    public func shutdown() async {
        await client.shutdown()
    }
}
