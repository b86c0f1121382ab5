import Synchronization

/// The admission gate in front of one upstream: at most `limit` requests in flight at once, the
/// rest wait in line (first come, first served) for up to the queue time, then are refused.
///
/// The proxy decides this itself rather than leaving requests to wait inside the HTTP client's
/// connection pool, which has no queue limit of its own: a pool wait ends only at the first-byte
/// deadline, as an opaque 502 minutes later. Here a waiter is visible (`queued`), bounded
/// (`limits.queueSeconds`, then a 503 with `Retry-After`) and leaves the line as soon as its
/// task is cancelled. The limit is read on every entry, so a reload changes it for new requests.
final class UpstreamAdmission: Sendable {
    enum Entry: Sendable {
        /// A slot is held until the returned slot is released (or dropped).
        case admitted(UpstreamSlot)
        /// Every slot stayed busy for the whole queue time (or there is no queue time).
        case queueFull(limit: Int)
        /// The waiting task was cancelled; it holds no slot.
        case cancelled
    }

    private enum Wake: Sendable {
        case admitted, timedOut, cancelled
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Wake, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var limit: Int
        var inFlight = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(limit: max(1, limit)))
    }

    /// Requests in flight and requests waiting, for tests and diagnostics.
    var counts: (inFlight: Int, waiting: Int) { state.withLock { ($0.inFlight, $0.waiters.count) } }

    /// Takes a slot, waiting up to `queueTimeout` for one; `onQueued` runs once if the request has
    /// to wait.
    func enter(limit: Int, queueTimeout: Duration, onQueued: () -> Void) async -> Entry {
        let limit = max(1, limit)
        let (admitted, woken, id) = state.withLock { state -> (Bool, [Waiter], UInt64) in
            let woken = Self.resize(&state, to: limit)
            state.nextID += 1
            // Waiters already in line go first: a newcomer only takes a free slot nobody waits for.
            if state.waiters.isEmpty, state.inFlight < state.limit {
                state.inFlight += 1
                return (true, woken, state.nextID)
            }
            return (false, woken, state.nextID)
        }
        Self.wake(woken)
        if admitted { return .admitted(UpstreamSlot(self)) }
        guard queueTimeout > .zero, !Task.isCancelled else { return Task.isCancelled ? .cancelled : .queueFull(limit: limit) }

        onQueued()
        let wake = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
                let immediate: Wake? = state.withLock { state in
                    // The cancellation flag is set before the handler runs, so either the handler
                    // finds this waiter in line or the waiter sees the flag here.
                    if Task.isCancelled { return .cancelled }
                    if state.waiters.isEmpty, state.inFlight < state.limit {
                        state.inFlight += 1
                        return .admitted
                    }
                    let timer = Task { [weak self] in
                        try? await Task.sleep(for: queueTimeout)
                        if !Task.isCancelled { self?.removeWaiter(id, waking: .timedOut) }
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation, timer: timer))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            self.removeWaiter(id, waking: .cancelled)
        }
        switch wake {
        case .admitted: return .admitted(UpstreamSlot(self))
        case .timedOut: return .queueFull(limit: limit)
        case .cancelled: return .cancelled
        }
    }

    /// Gives a slot back and hands it to the longest waiter, if any. Only `UpstreamSlot` calls this,
    /// once per slot.
    func leave() {
        let next = state.withLock { state -> Waiter? in
            state.inFlight -= 1
            guard state.inFlight < state.limit, !state.waiters.isEmpty else { return nil }
            state.inFlight += 1
            return state.waiters.removeFirst()
        }
        if let next { Self.wake([next]) }
    }

    private func removeWaiter(_ id: UInt64, waking wake: Wake) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(returning: wake)
    }

    /// Applies a new limit; a raised one admits waiters at once.
    private static func resize(_ state: inout State, to limit: Int) -> [Waiter] {
        state.limit = limit
        var woken: [Waiter] = []
        while state.inFlight < state.limit, !state.waiters.isEmpty {
            state.inFlight += 1
            woken.append(state.waiters.removeFirst())
        }
        return woken
    }

    /// Resumes admitted waiters (outside the lock).
    private static func wake(_ waiters: [Waiter]) {
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: .admitted)
        }
    }
}
