@testable import ProxyServer
import Testing

/// The admission gate on its own: limit, first-come-first-served line, queue time, cancellation,
/// resizing, and slots that count once however they are given back.
struct UpstreamAdmissionTests {
    /// Starts a waiter and returns once it is in line.
    func queue(
        _ gate: UpstreamAdmission, limit: Int, timeout: Duration, name: String, log: AdmissionLog
    ) async -> Task<UpstreamAdmission.Entry, Never> {
        let (queued, signal) = AsyncStream<Void>.makeStream()
        let task = Task {
            let entry = await gate.enter(limit: limit, queueTimeout: timeout) { signal.yield() }
            if case .admitted = entry { await log.append(name) }
            return entry
        }
        var iterator = queued.makeAsyncIterator()
        _ = await iterator.next()
        return task
    }

    actor AdmissionLog {
        var names: [String] = []
        func append(_ name: String) { names.append(name) }
    }

    func slot(_ entry: UpstreamAdmission.Entry) -> UpstreamSlot? {
        if case .admitted(let slot) = entry { slot } else { nil }
    }

    @Test func admitsUpToTheLimitThenServesTheLineInArrivalOrder() async throws {
        let gate = UpstreamAdmission(limit: 2)
        let log = AdmissionLog()
        let first = try #require(slot(await gate.enter(limit: 2, queueTimeout: .seconds(10)) {}))
        let second = try #require(slot(await gate.enter(limit: 2, queueTimeout: .seconds(10)) {}))
        let a = await queue(gate, limit: 2, timeout: .seconds(10), name: "a", log: log)
        let b = await queue(gate, limit: 2, timeout: .seconds(10), name: "b", log: log)
        #expect(gate.counts.inFlight == 2 && gate.counts.waiting == 2)

        first.release()
        let slotA = try #require(slot(await a.value))
        #expect(gate.counts.waiting == 1)
        second.release()
        let slotB = try #require(slot(await b.value))
        #expect(await log.names == ["a", "b"])
        slotA.release()
        slotB.release()
        #expect(gate.counts.inFlight == 0 && gate.counts.waiting == 0)
    }

    @Test func aCancelledWaiterLeavesTheLineAndHoldsNoSlot() async throws {
        let gate = UpstreamAdmission(limit: 1)
        let held = try #require(slot(await gate.enter(limit: 1, queueTimeout: .seconds(10)) {}))
        let waiter = await queue(gate, limit: 1, timeout: .seconds(10), name: "w", log: AdmissionLog())
        waiter.cancel()
        guard case .cancelled = await waiter.value else {
            Issue.record("a cancelled waiter should come back cancelled")
            return
        }
        #expect(gate.counts.waiting == 0)
        held.release()
        #expect(gate.counts.inFlight == 0)
    }

    @Test func aWaiterPastTheQueueTimeIsRefusedAndNoQueueTimeRefusesAtOnce() async throws {
        let gate = UpstreamAdmission(limit: 1)
        let held = try #require(slot(await gate.enter(limit: 1, queueTimeout: .seconds(10)) {}))
        guard case .queueFull(let limit) = await gate.enter(limit: 1, queueTimeout: .milliseconds(50), onQueued: {}) else {
            Issue.record("expected queueFull after the queue time")
            return
        }
        #expect(limit == 1)
        var queuedWithoutQueueTime = false
        guard case .queueFull = await gate.enter(limit: 1, queueTimeout: .zero, onQueued: { queuedWithoutQueueTime = true }) else {
            Issue.record("expected queueFull at once without a queue time")
            return
        }
        #expect(!queuedWithoutQueueTime)
        #expect(gate.counts.waiting == 0 && gate.counts.inFlight == 1)
        held.release()
    }

    @Test func aRaisedLimitAdmitsTheWaitersAtOnce() async throws {
        let gate = UpstreamAdmission(limit: 1)
        let held = try #require(slot(await gate.enter(limit: 1, queueTimeout: .seconds(10)) {}))
        let waiter = await queue(gate, limit: 1, timeout: .seconds(10), name: "w", log: AdmissionLog())
        let newcomer = try #require(slot(await gate.enter(limit: 3, queueTimeout: .seconds(10)) {}))
        let admitted = try #require(slot(await waiter.value))
        #expect(gate.counts.inFlight == 3)
        for slot in [held, newcomer, admitted] { slot.release() }
        #expect(gate.counts.inFlight == 0)
    }

    @Test func aSlotCountsOnceWhetherReleasedTwiceOrDropped() async throws {
        let gate = UpstreamAdmission(limit: 2)
        let slot = try #require(slot(await gate.enter(limit: 2, queueTimeout: .seconds(1)) {}))
        slot.release()
        slot.release()
        #expect(gate.counts.inFlight == 0)
        do {
            let dropped = self.slot(await gate.enter(limit: 2, queueTimeout: .seconds(1)) {})
            #expect(dropped != nil && gate.counts.inFlight == 1)
        }
        #expect(gate.counts.inFlight == 0)
    }
}
