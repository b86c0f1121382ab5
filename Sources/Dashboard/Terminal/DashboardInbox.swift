import Synchronization

/// Where background work (the event feed, command answers, signal handlers, the drain on quit)
/// leaves things for the UI thread, which collects them between key reads. Never blocks for
/// longer than a few instructions, so the server's threads are never held up by the screen.
public final class DashboardInbox: Sendable {
    private struct Contents {
        var inputs: [DashboardInput] = []
        var interrupts = 0
        var drained = false
    }

    /// Beyond this many waiting inputs the oldest deltas are dropped (the UI is stalled).
    static let limit = 50_000
    private let contents = Mutex(Contents())

    public init() {}

    public func post(_ input: DashboardInput) {
        contents.withLock {
            $0.inputs.append(input)
            if $0.inputs.count > Self.limit { $0.inputs.removeFirst($0.inputs.count - Self.limit) }
        }
    }

    /// SIGINT/SIGTERM arrived.
    public func interrupt() {
        contents.withLock { $0.interrupts += 1 }
    }

    /// The embedded server finished draining; the dashboard may exit.
    public func markDrained() {
        contents.withLock { $0.drained = true }
    }

    /// Everything posted since the last call.
    func take() -> (inputs: [DashboardInput], interrupts: Int, drained: Bool) {
        contents.withLock { contents in
            defer {
                contents.inputs.removeAll(keepingCapacity: true)
                contents.interrupts = 0
            }
            return (contents.inputs, contents.interrupts, contents.drained)
        }
    }
}
