import Logging
import Synchronization

/// Stops a running proxy the way a service manager expects: at once for new connections and
/// event subscribers, within `shutdown.graceSeconds` for running generations, then by ending
/// what is left with an error the clients can read — never by hanging until SIGKILL.
///
/// ```swift
/// let coordinator = ShutdownCoordinator(service: service, grace: .seconds(30),
///     stopAccepting: { await group.triggerGracefulShutdown() }, forceStop: { runTask.cancel() })
/// coordinator.requestStop()   // SIGTERM: drain
/// coordinator.requestStop()   // a second SIGTERM: end everything now
/// ```
public final class ShutdownCoordinator: Sendable {
    /// How long after ending the running requests the server gets to close before it is cancelled.
    public static let forceStopDelay: Duration = .seconds(3)

    private let machine = Mutex(ShutdownStateMachine())
    private let timers = Mutex<[Task<Void, Never>]>([])
    private let service: ProxyService
    private let grace: Duration
    private let stopAccepting: @Sendable () async -> Void
    private let forceStop: @Sendable () -> Void

    /// - Parameters:
    ///   - stopAccepting: begins the HTTP server's graceful shutdown (stop accepting, close idle
    ///     connections, finish when the last response is written).
    ///   - forceStop: cancels the server, the last resort when it has not stopped after the rest.
    public init(
        service: ProxyService, grace: Duration, stopAccepting: @escaping @Sendable () async -> Void,
        forceStop: @escaping @Sendable () -> Void
    ) {
        self.service = service
        self.grace = grace
        self.stopAccepting = stopAccepting
        self.forceStop = forceStop
    }

    public var state: ShutdownStateMachine.State { machine.withLock { $0.state } }

    /// A stop request (signal, dashboard quit): the first drains, the second ends everything now.
    @discardableResult
    public func requestStop() -> ShutdownStateMachine.Action {
        perform(machine.withLock { $0.stopRequested() })
    }

    /// Ends what is still running now, whatever the state.
    @discardableResult
    public func endNow() -> ShutdownStateMachine.Action {
        perform(machine.withLock { $0.endNow() })
    }

    /// The server has stopped: no timer needs to fire any more.
    public func finished() {
        for timer in timers.withLock({ $0 }) { timer.cancel() }
    }

    private func perform(_ action: ShutdownStateMachine.Action) -> ShutdownStateMachine.Action {
        let logger = service.logger
        switch action {
        case .drain:
            let seconds = grace.components.seconds
            logger.notice("shutting down: no new connections; running requests have \(seconds) s to finish (shutdown.graceSeconds)")
            service.hub.closeAll()
            let stopAccepting = stopAccepting
            Task { await stopAccepting() }
            schedule(after: grace) { [weak self] in self?.graceExpired() }
        case .endInFlight(let urgent):
            logger.notice(
                "\(urgent ? "stopping now" : "grace period over"): ending the requests still running with a shutdown error")
            service.hub.closeAll()
            let client = service.client
            let stopAccepting = stopAccepting
            Task {
                await stopAccepting()
                await client.abortInFlight()
            }
            let forceStop = forceStop
            schedule(after: Self.forceStopDelay) { forceStop() }
        case .none:
            break
        }
        return action
    }

    private func graceExpired() {
        _ = perform(machine.withLock { $0.graceExpired() })
    }

    private func schedule(after delay: Duration, _ body: @escaping @Sendable () -> Void) {
        let timer = Task {
            try? await Task.sleep(for: delay)
            if !Task.isCancelled { body() }
        }
        timers.withLock { $0.append(timer) }
    }
}
