import Foundation
import ProxyCore
import ProxyServer
import ServiceLifecycle

/// The proxy running in the background of the dashboard (with DEMO traffic in DEMO mode): logs
/// go to a file and the events pane, never the terminal; `shutdown` stops accepting and lets in-flight streams finish
/// within `shutdown.graceSeconds`, then ends the rest.
struct EmbeddedServer {
    let hub: EventHub
    let control: any ProxyControl
    let listenURL: String
    let isDemo: Bool
    private let runTask: Task<Void, Error>
    private let runtime: ProxyRuntime
    private let coordinator: ShutdownCoordinator

    /// Returns once the server is listening.
    static func start(options: ServerOptions, demoWhenUnconfigured: Bool) async throws -> EmbeddedServer {
        let runtime = try await ProxyRuntime.make(
            options: options, demoWhenUnconfigured: demoWhenUnconfigured, logTarget: .file, demoTraffic: true)
        let group = runtime.serviceGroup()
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
            let result = await runTask.result
            await runtime.cleanUp()
            if case .failure(let error) = result,
                await ProxyRuntime.describePortInUse(
                    error, settings: runtime.settings,
                    hint: "To watch the proxy that is already running there, use `claude-proxy dashboard --attach`.")
            {
                throw ProxyExit.portInUse
            }
            if case .failure(let error) = result {
                FileHandle.standardError.write(Data("claude-proxy: the server could not start: \(error)\n".utf8))
            }
            throw ProxyExit.failure
        }
        let coordinator = ShutdownCoordinator(
            service: runtime.service, grace: .seconds(runtime.settings.shutdownGraceSeconds),
            stopAccepting: { await group.triggerGracefulShutdown() }, forceStop: { runTask.cancel() })
        return EmbeddedServer(
            hub: runtime.service.hub, control: runtime.controller, listenURL: "http://\(runtime.settings.host):\(port)",
            isDemo: runtime.settings.demo, runTask: runTask, runtime: runtime, coordinator: coordinator)
    }

    /// Drains: returns once the server has stopped (within the grace period and a little more).
    func shutdown() async {
        coordinator.requestStop()
        _ = await runTask.result
        coordinator.finished()
        await runtime.cleanUp()
    }

    /// Ends what is still running and returns within about a second.
    func stopNow() async {
        coordinator.endNow()
        let stopped = Task {
            _ = await runTask.result
        }
        let deadline = Task {
            try await Task.sleep(for: .seconds(1))
            runTask.cancel()
        }
        _ = await stopped.value
        deadline.cancel()
        coordinator.finished()
        await runtime.cleanUp()
    }
}
