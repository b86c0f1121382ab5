import Foundation
import ProxyCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the full-screen dashboard on the main thread until the operator quits.
///
/// The dashboard sees the proxy only through a stream of `DashboardInput` (events, and for
/// attach mode the connection state) and a `ProxyControl` for `f`/`r` — the same whether the
/// server is embedded or reached over `/admin/events`.
///
/// ```swift
/// let session = DashboardSession(context: context, control: control) { await server.shutdown(gracePeriod: .seconds(30)) }
/// let summary = try await session.run(inputs: inputs)
/// ```
public struct DashboardSession: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case notATerminal

        public var description: String {
            "the dashboard needs a terminal (stdin and stdout must be a TTY); use `claude-proxy serve` to run headless"
        }
    }

    public let context: DashboardContext
    public let control: any ProxyControl
    /// Called on quit in embedded mode: stop accepting, let in-flight streams finish.
    public let shutdown: @Sendable () async -> Void
    public let environment: [String: String]

    public init(
        context: DashboardContext, control: any ProxyControl,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        shutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.context = context
        self.control = control
        self.environment = environment
        self.shutdown = shutdown
    }

    /// How the dashboard ended.
    public struct Outcome: Sendable {
        /// A line for the shell once the screen is restored.
        public var summary: String
        /// Whether `shutdown` ran to completion (false after a forced quit, or when attached).
        public var drained: Bool
    }

    /// Whether stdin and stdout are a terminal the dashboard can take over.
    public static var hasTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Shows the dashboard until quit.
    public func run<Inputs: AsyncSequence & Sendable>(inputs: Inputs) async throws -> Outcome
    where Inputs.Element == DashboardInput {
        guard Self.hasTerminal else { throw Failure.notATerminal }
        let inbox = DashboardInbox()
        let feeder = Task.detached {
            do {
                for try await input in inputs { inbox.post(input) }
            } catch {}
        }
        let signals = Self.watchInterrupts(inbox: inbox)
        defer {
            feeder.cancel()
            for source in signals { source.cancel() }
        }
        let context = context
        let control = control
        let shutdown = shutdown
        let environment = environment
        let (final, drained) = await MainActor.run {
            TerminalGuard.install(stderrLog: TerminalGuard.defaultStderrLog(environment: environment))
            let screen = TerminalScreen(environment: environment)
            let state = DashboardState(context: context, now: Date().timeIntervalSince1970)
            let loop = DashboardLoop(state: state, inbox: inbox, control: control, shutdown: shutdown, screen: screen)
            let final = loop.run()
            screen.end()
            TerminalGuard.uninstall()
            return (final, loop.drained)
        }
        let totals = final.traffic.totals
        let summary = "\(totals.requests) request\(totals.requests == 1 ? "" : "s") seen, \(totals.errors) error\(totals.errors == 1 ? "" : "s")"
        if case .attached(let url) = context.mode {
            return Outcome(summary: "claude-proxy: dashboard closed (\(summary)); the proxy at \(url) keeps running.", drained: false)
        }
        return Outcome(summary: "claude-proxy: stopped (\(summary)).", drained: drained)
    }

    /// SIGINT/SIGTERM become a graceful quit (drain), a second one quits at once.
    private static func watchInterrupts(inbox: DashboardInbox) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { inbox.interrupt() }
            source.resume()
            return source
        }
    }
}
