import Foundation
import ProxyCore

/// Carries out the dashboard's commands (`r` reload, `f` refresh) for the embedded dashboard
/// and for `POST /admin/reload` / `POST /admin/refresh`.
public final class ProxyController: ProxyControl {
    let service: ProxyService
    let loadSettings: @Sendable () throws -> ProxySettings
    let credentials: CredentialMonitor

    /// `loadSettings` parses and validates the configuration from scratch (file + environment + flags).
    public init(service: ProxyService, credentials: CredentialMonitor, loadSettings: @escaping @Sendable () throws -> ProxySettings) {
        self.service = service
        self.credentials = credentials
        self.loadSettings = loadSettings
    }

    public func reload() async -> CommandResult {
        let result: CommandResult
        do {
            let settings = try loadSettings()
            let check = try service.apply(settings)
            var message = "configuration reloaded from \(settings.configPath ?? "environment and defaults")"
            if let note = check.listenAddressNote {
                message += "; \(note)"
                service.warn(note)
            }
            result = CommandResult(ok: true, message: message)
            service.logger.notice("\(result.message)")
        } catch {
            let message = "reload rejected, running configuration unchanged: \(Redactor.scrub("\(error)", secrets: service.runtime.current.settings.secrets))"
            result = CommandResult(ok: false, message: message)
            service.logger.error("\(message)")
        }
        service.hub.publish(.configReloaded(ok: result.ok, message: result.message))
        return result
    }

    public func refreshCredentials() async -> CommandResult {
        await credentials.refreshNow()
    }
}
