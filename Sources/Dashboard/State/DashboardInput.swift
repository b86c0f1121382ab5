import ProxyCore

/// Everything besides keys that changes the dashboard: the proxy's events, the attach
/// connection, answers to commands, the clock, and shutdown progress.
public enum DashboardInput: Sendable, Equatable {
    case event(ProxyEvent)
    case connection(ConnectionStatus, at: Double)
    case commandFinished(ControlCommand, CommandResult, at: Double)
    /// The wall clock; countdowns, elapsed times and toasts are measured against it.
    case tick(Double)
    /// What an attached server says about itself (`GET /health`): version and start time.
    case serverIdentity(version: String, startedAt: Double)
    /// Quitting was asked for from outside (SIGINT/SIGTERM).
    case quitRequested(reason: String)
}
