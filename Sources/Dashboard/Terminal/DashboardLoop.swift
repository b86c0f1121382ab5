import Foundation
import ProxyCore

/// The UI thread's loop: read a key (waiting at most 100 ms), collect what arrived in the
/// inbox, reduce both into the state, and repaint only when the screen would change — at most
/// ten times a second for traffic, at once for keys, once a second when idle (countdowns).
@MainActor
final class DashboardLoop {
    private var state: DashboardState
    private let inbox: DashboardInbox
    private let control: any ProxyControl
    private let shutdown: @Sendable () async -> Void
    private let screen: TerminalScreen
    private var lastGrid: CellGrid?
    private var lastPaint = 0.0
    private var drainStarted = false
    /// Set when the embedded server finished draining before the loop ended.
    private(set) var drained = false

    init(
        state: DashboardState, inbox: DashboardInbox, control: any ProxyControl,
        shutdown: @escaping @Sendable () async -> Void, screen: TerminalScreen
    ) {
        self.state = state
        self.inbox = inbox
        self.control = control
        self.shutdown = shutdown
        self.screen = screen
    }

    /// Runs until quit (and, embedded, until in-flight streams drained); returns the final state.
    func run() -> DashboardState {
        paint(force: true)
        while true {
            var resized = false
            let key = screen.readKey(resized: &resized)
            var changed = resized
            if let key {
                let command = KeyHandler.handle(key, state: &state)
                changed = true
                if let command, perform(command) { break }
            }
            let (inputs, interrupts, drained) = inbox.take()
            for input in inputs { state.apply(input) }
            changed = changed || !inputs.isEmpty
            if interrupts > 0 {
                if drainStarted || interrupts > 1 { break }
                state.apply(.quitRequested(reason: "interrupted: stopping"))
                if beginQuit() { break }
                changed = true
            }
            if drained {
                self.drained = true
                break
            }

            let now = Date().timeIntervalSince1970
            // Elapsed times move every tick while requests run; otherwise only seconds matter.
            let ticking = state.traffic.activeCount > 0 || Int(now) != Int(state.now)
            if ticking || changed { state.apply(.tick(now)) }
            if resized || key != nil {
                paint(force: resized)
            } else if (ticking || changed) && now - lastPaint >= 0.1 {
                paint(force: false)
            }
        }
        return state
    }

    /// Carries a key's command out; true when the loop should end now.
    private func perform(_ command: ControlCommand) -> Bool {
        switch command {
        case .refreshCredentials:
            let control = control
            let inbox = inbox
            Task.detached {
                let result = await control.refreshCredentials()
                inbox.post(.commandFinished(.refreshCredentials, result, at: Date().timeIntervalSince1970))
            }
        case .reloadConfiguration:
            let control = control
            let inbox = inbox
            Task.detached {
                let result = await control.reload()
                inbox.post(.commandFinished(.reloadConfiguration, result, at: Date().timeIntervalSince1970))
            }
        case .copyToClipboard(let text):
            screen.copyToClipboard(text)
            state.view.toast = Toast(text: "curl line sent to the clipboard (OSC 52)", ok: true, until: state.now + 4)
        case .quit:
            // A second quit while draining leaves at once.
            return drainStarted ? true : beginQuit()
        }
        return false
    }

    /// Attached: leave now. Embedded: stop accepting and let streams finish, then leave.
    private func beginQuit() -> Bool {
        if state.context.isAttached { return true }
        guard !drainStarted else { return false }
        drainStarted = true
        state.view.quitting = true
        let shutdown = shutdown
        let inbox = inbox
        Task.detached {
            await shutdown()
            inbox.markDrained()
        }
        return false
    }

    private func paint(force: Bool) {
        let (width, height) = screen.size
        let grid = DashboardRenderer.render(state, width: width, height: height, capabilities: screen.capabilities)
        lastPaint = Date().timeIntervalSince1970
        guard force || grid != lastGrid else { return }
        screen.paint(grid, full: force)
        lastGrid = grid
    }
}
