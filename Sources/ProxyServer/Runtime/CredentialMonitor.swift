import Foundation
import ProxyCore
import ServiceLifecycle

/// Keeps the credentials pane current and runs the dashboard's refresh command.
///
/// Real credentials report their own state changes through their token caches; this republishes
/// them on a timer (so `valid` turns into `expiring` while no request comes in) and forwards `f`
/// to every cache. In demo mode the credential is a simulated short-lived token that counts down
/// and refreshes itself ahead of expiry, so the countdown and `f` can be seen working.
///
/// A service: runs until a graceful shutdown (or cancellation).
public actor CredentialMonitor: Service {
    static let demoLifetime: Double = 150
    static let demoRefreshAhead: Double = 30

    private let service: ProxyService
    private var demoExpiresAt: Double = 0
    private var lastRefreshAt: Double?
    private var lastRefreshMs: Int?
    private var lastResult: String?

    public init(service: ProxyService) {
        self.service = service
    }

    /// Publishes the current state now and keeps the demo credential alive until a graceful
    /// shutdown or cancellation.
    public nonisolated func run() async {
        await cancelWhenGracefulShutdown { await self.monitor() }
    }

    private func monitor() async {
        guard service.runtime.current.settings.demo else {
            // Real credentials publish their own changes; this timer turns `valid` into
            // `expiring` on screen while no request comes in.
            while !Task.isCancelled {
                await service.runtime.current.pool.publishStatuses()
                try? await Task.sleep(for: .seconds(5))
            }
            return
        }
        _ = await refreshNow()
        while !Task.isCancelled {
            let now = Date().timeIntervalSince1970
            let wait = max(1, demoExpiresAt - Self.demoRefreshAhead - now)
            try? await Task.sleep(for: .seconds(wait))
            if Task.isCancelled { break }
            _ = await refreshNow()
        }
    }

    /// Runs the refresh path now (the dashboard's `f`, `POST /admin/refresh`).
    public func refreshNow() async -> CommandResult {
        let settings = service.runtime.current.settings
        guard settings.demo else {
            let result = await service.runtime.current.pool.refreshAll()
            service.hub.publish(.log(level: result.ok ? .info : .error, message: "refresh: \(result.message)"))
            return result
        }
        var status = demoStatus(settings)
        status.state = .refreshing
        service.hub.publish(.credential(status))
        let started = ContinuousClock.now
        try? await Task.sleep(for: .milliseconds(250))  // a token endpoint's round trip
        let elapsed = ContinuousClock.now - started
        lastRefreshMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        lastRefreshAt = Date().timeIntervalSince1970
        demoExpiresAt = lastRefreshAt! + Self.demoLifetime
        lastResult = "ok"
        publish()
        return CommandResult(ok: true, message: "demo credential refreshed; expires in \(Int(Self.demoLifetime)) s")
    }

    private func publish() {
        service.hub.publish(.credential(demoStatus(service.runtime.current.settings)))
    }

    private func demoStatus(_ settings: ProxySettings) -> CredentialStatus {
        CredentialStatus(
            upstream: settings.upstream.name, kind: "demo_token", redactedID: "demo-…0001",
            expiresAt: demoExpiresAt > 0 ? demoExpiresAt : nil, lastRefreshAt: lastRefreshAt,
            lastRefreshMs: lastRefreshMs, lastRefreshResult: lastResult,
            nextRefreshAt: demoExpiresAt > 0 ? demoExpiresAt - Self.demoRefreshAhead : nil, state: .valid,
            message: "DEMO credential (simulated)")
    }
}
