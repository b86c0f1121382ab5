/// The order a stopping proxy goes through, kept apart from the timers and signals that drive it.
///
/// A first stop request drains: no new connections, event subscribers closed, running requests
/// get a grace period. When the grace period is over, or a second stop request arrives, what is
/// still running is ended (chat streams get an error event, so clients see why).
public struct ShutdownStateMachine: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case running
        case draining
        case ending
    }

    public enum Action: Sendable, Equatable {
        /// Stop accepting, close event subscribers, start the grace period.
        case drain
        /// End every request still running; `urgent` when a second stop request asked for it.
        case endInFlight(urgent: Bool)
        case none
    }

    public private(set) var state = State.running

    public init() {}

    /// SIGTERM/SIGINT, or quitting the dashboard.
    public mutating func stopRequested() -> Action {
        switch state {
        case .running:
            state = .draining
            return .drain
        case .draining:
            state = .ending
            return .endInFlight(urgent: true)
        case .ending:
            return .none
        }
    }

    /// The grace period is over.
    public mutating func graceExpired() -> Action {
        guard state == .draining else { return .none }
        state = .ending
        return .endInFlight(urgent: false)
    }

    /// End what is running now, whatever the state (the dashboard's second quit).
    public mutating func endNow() -> Action {
        switch state {
        case .running, .draining:
            state = .ending
            return .endInFlight(urgent: true)
        case .ending:
            return .none
        }
    }
}
