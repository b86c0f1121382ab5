import Dispatch
import Foundation
import Logging
import ProxyCore
import ProxyServer
import ServiceLifecycle

/// `serve` (and, until the dashboard takes over, the bare command): the server in the
/// foreground until SIGTERM/SIGINT, with SIGHUP reloading the configuration.
struct ServeRunner {
    let options: ServerOptions
    let demoWhenUnconfigured: Bool

    func run() async throws {
        let runtime = try await ProxyRuntime.make(
            options: options, demoWhenUnconfigured: demoWhenUnconfigured, logTarget: .standardError)
        signal(SIGHUP, SIG_IGN)
        let reload = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        let controller = runtime.controller
        reload.setEventHandler { Task { _ = await controller.reload() } }
        reload.resume()
        defer { reload.cancel() }
        // Signals are ours, not the service group's: a second one must end the process at once.
        let group = runtime.serviceGroup()
        let runTask = Task { try await group.run() }
        let coordinator = ShutdownCoordinator(
            service: runtime.service, grace: .seconds(runtime.settings.shutdownGraceSeconds),
            stopAccepting: { await group.triggerGracefulShutdown() }, forceStop: { runTask.cancel() })
        let signals = StopSignals(coordinator: coordinator)
        defer { signals.cancel() }
        let result = await runTask.result
        coordinator.finished()
        await runtime.cleanUp()
        if case .failure(let error) = result, coordinator.state == .running {
            if await ProxyRuntime.describePortInUse(error, settings: runtime.settings) { throw ProxyExit.portInUse }
            throw error
        }
    }
}
