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
        do {
            let group = ServiceGroup(
                configuration: .init(
                    services: [.init(service: runtime.app)], gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: runtime.service.logger))
            try await group.run()
        } catch {
            await runtime.cleanUp()
            if await ProxyRuntime.describePortInUse(error, settings: runtime.settings) { throw ProxyExit.portInUse }
            throw error
        }
        await runtime.cleanUp()
    }
}
