import Synchronization

/// Tells a connection's serving task that its client is gone (it closed its side, or the
/// connection was reset), so that whatever the request waits for — the upstream's first byte
/// above all — is cancelled at once instead of when a write finally fails.
final class ClientHangUp: Sendable {
    private struct State {
        var hungUp = false
        var action: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Called from the channel's event loop when the client goes away.
    func signal() {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.hungUp else { return nil }
            state.hungUp = true
            defer { state.action = nil }
            return state.action
        }
        action?()
    }

    /// Runs `action` when the client goes away (at once if it already has).
    func onHangUp(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.hungUp { return true }
            state.action = action
            return false
        }
        if runNow { action() }
    }
}
