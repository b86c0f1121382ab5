import Foundation
import ProxyCore
import ProxyServer
import ServiceLifecycle

/// The proxy running in the background of the dashboard: logs go to a file and the events
/// pane, never the terminal; `shutdown` stops accepting and lets in-flight streams finish.
struct EmbeddedServer {
    let hub: EventHub
    let control: any ProxyControl
    let listenURL: String
    let isDemo: Bool
    private let group: ServiceGroup
    private let runTask: Task<Void, Error>
    private let runtime: ProxyRuntime

    /// Returns once the server is listening.
    static func start(options: ServerOptions, demoWhenUnconfigured: Bool) async throws -> EmbeddedServer {
        let runtime = try await ProxyRuntime.make(options: options, demoWhenUnconfigured: demoWhenUnconfigured, logTarget: .file)
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: runtime.app)], gracefulShutdownSignals: [], logger: runtime.service.logger))
        let runTask = Task { try await group.run() }
        var ports = runtime.ports.makeAsyncIterator()
        let portTask = Task { await ports.next() }
        // Either the server comes up, or run() fails (port in use) first. Unstructured watchers:
        // a task group would wait for the server task itself to finish.
        let (outcomes, outcome) = AsyncStream<Int?>.makeStream()
        let portWatcher = Task { outcome.yield(await portTask.value) }
        let failureWatcher = Task {
            _ = try? await runTask.value
            outcome.yield(nil)
        }
        var first = outcomes.makeAsyncIterator()
        let port = await first.next() ?? nil
        portWatcher.cancel()
        failureWatcher.cancel()
        guard let port else {
            await runtime.cleanUp()
            throw ProxyExit.failure
        }
        return EmbeddedServer(
            hub: runtime.service.hub, control: runtime.controller, listenURL: "http://\(runtime.settings.host):\(port)",
            isDemo: runtime.settings.demo, group: group, runTask: runTask, runtime: runtime)
    }

    func shutdown(gracePeriod: Duration) async {
        await group.triggerGracefulShutdown()
        let deadline = Task {
            try await Task.sleep(for: gracePeriod)
            runTask.cancel()
        }
        _ = await runTask.result
        deadline.cancel()
        await runtime.cleanUp()
    }
}
