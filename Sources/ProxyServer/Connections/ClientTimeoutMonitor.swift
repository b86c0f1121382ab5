import NIOCore

/// Drives a connection's `ClientTimeoutStateMachine` from its event loop: one scheduled task at
/// the earliest deadline, re-checked when it fires; the connection is closed when it is over.
/// Fed by `ClientConnectionHandler` (raw bytes) and `ClientRequestWatcher` (HTTP parts).
final class ClientTimeoutMonitor {
    private var machine: ClientTimeoutStateMachine
    private let channel: any Channel
    private var timer: Scheduled<Void>?
    private var timerAt: NIODeadline?
    private var stopped = false

    init(channel: any Channel, read: TimeAmount, idle: TimeAmount) {
        self.channel = channel
        machine = ClientTimeoutStateMachine(read: read, idle: idle, now: .now())
    }

    func start() { reschedule() }

    func bytesArrived() {
        // The common case (bytes of a request already being read) costs one comparison.
        guard case .idle = machine.state else { return }
        machine.bytesArrived(now: .now())
        reschedule()
    }

    func requestHeadRead() {
        machine.requestHeadRead(now: .now())
        reschedule()
    }

    func requestEndRead() {
        machine.requestEndRead(now: .now())
        reschedule()
    }

    func responseEndWritten() {
        machine.responseEndWritten(now: .now())
        reschedule()
    }

    func stop() {
        stopped = true
        timer?.cancel()
        timer = nil
    }

    private func reschedule() {
        guard !stopped, let deadline = machine.deadline else { return }
        // A timer due earlier re-checks and moves itself; only an earlier deadline needs a new one.
        if let timerAt, timerAt <= deadline { return }
        timer?.cancel()
        timerAt = deadline
        timer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in fire() }
    }

    private func fire() {
        timer = nil
        timerAt = nil
        if machine.hasTimedOut(now: .now()) {
            stop()
            channel.close(promise: nil)
        } else {
            reschedule()
        }
    }
}
