import Foundation
import ProxyCore
import Synchronization

/// Fans `ProxyEvent`s out to subscribers (the embedded dashboard, `/admin/events`) without ever
/// making the request path wait.
///
/// `publish` takes a lock for a few instructions and returns; each subscriber has a bounded
/// buffer that drops its oldest events when full and tells the subscriber how many it lost.
/// The hub also keeps a short history so a new subscriber's screen fills at once.
public final class EventHub: Sendable {
    public static let defaultBufferSize = 2048
    public static let historySize = 400

    private struct State {
        var sequence: UInt64 = 0
        var subscribers: [UInt64: Subscriber] = [:]
        var nextSubscriberID: UInt64 = 0
        var history: [ProxyEvent] = []
        var historyStart = 0
        /// The latest status of each credential, replayed to new subscribers.
        var credentials: [String: ProxyEvent] = [:]
        /// The latest ledger figures: replayed to new subscribers, kept out of the history (they
        /// come every few seconds and would push the requests out of it).
        var usage: ProxyEvent?
        /// Set by `closeAll()`: later subscriptions (other than kept-open ones) end at once.
        var closed = false
        /// Events a full subscriber buffer dropped, over all subscribers, since the start.
        var dropped = 0
    }

    private struct Subscriber {
        var continuation: AsyncStream<ProxyEvent>.Continuation
        var keepOpenOnClose: Bool
    }

    private let state = Mutex(State())
    private let clock: @Sendable () -> Double
    /// Random, one per process start; stamped on every event so an attached dashboard can tell a
    /// restarted service (whose sequence numbers begin again) from the one it was watching.
    public let instance: String

    public init(clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.clock = clock
        instance = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// Whether anyone is listening; lets callers skip building expensive events.
    public var hasSubscribers: Bool { state.withLock { !$0.subscribers.isEmpty } }

    /// How many events full subscriber buffers have dropped since the start (for `/metrics`).
    public var droppedEvents: Int { state.withLock { $0.dropped } }

    public func publish(_ kind: ProxyEvent.Kind) {
        let time = clock()
        state.withLock { state in
            state.sequence += 1
            let event = ProxyEvent(sequence: state.sequence, time: time, instance: instance, kind: kind)
            if case .credential(let status) = kind {
                state.credentials[status.upstream] = event
            }
            if case .usage = kind {
                state.usage = event
            } else if state.history.count < Self.historySize {
                state.history.append(event)
            } else {
                state.history[state.historyStart] = event
                state.historyStart = (state.historyStart + 1) % Self.historySize
            }
            for subscriber in state.subscribers.values {
                // A full buffer drops its oldest event; the subscription sees the gap in
                // sequence numbers and reports it as a `dropped` marker.
                if case .dropped = subscriber.continuation.yield(event) { state.dropped += 1 }
            }
        }
    }

    /// A live stream of events, starting with the recent history (and the latest credential
    /// states) when `replay` is set. `keepOpenOnClose` is for the process's own dashboard, which
    /// keeps showing the shutdown that `closeAll()` is part of.
    public func subscribe(
        replay: Bool = true, bufferSize: Int = EventHub.defaultBufferSize, keepOpenOnClose: Bool = false
    ) -> EventSubscription {
        let (stream, continuation) = AsyncStream<ProxyEvent>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        var replayedCount = 0
        let id = state.withLock { state -> UInt64? in
            if state.closed && !keepOpenOnClose { return nil }
            state.nextSubscriberID += 1
            if replay {
                let history = Array(state.history[state.historyStart...] + state.history[..<state.historyStart])
                let inHistory = Set(history.map(\.sequence))
                var extra = state.credentials.values.filter { !inHistory.contains($0.sequence) }
                if let usage = state.usage { extra.append(usage) }
                // In sequence order: a reader skips an event older than one it has already applied.
                let ordered = extra.isEmpty ? history : (extra + history).sorted { $0.sequence < $1.sequence }
                for event in ordered { continuation.yield(event) }
                replayedCount = ordered.count
            }
            state.subscribers[state.nextSubscriberID] = Subscriber(continuation: continuation, keepOpenOnClose: keepOpenOnClose)
            return state.nextSubscriberID
        }
        guard let id else {
            continuation.finish()
            return EventSubscription(stream: stream, replayCount: 0)
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return EventSubscription(stream: stream, replayCount: replayedCount)
    }

    /// Ends every subscription (but those opened with `keepOpenOnClose`), now and from now on:
    /// at shutdown, so that `GET /admin/events` streams end on their own instead of holding the
    /// drain open forever. Events are still published to the kept-open subscribers.
    public func closeAll() {
        let closing = state.withLock { state -> [AsyncStream<ProxyEvent>.Continuation] in
            state.closed = true
            let closing = state.subscribers.filter { !$0.value.keepOpenOnClose }
            for id in closing.keys { state.subscribers.removeValue(forKey: id) }
            return closing.values.map(\.continuation)
        }
        // Outside the lock: finishing runs the streams' termination handlers, which take it.
        for continuation in closing { continuation.finish() }
    }
}

/// A subscriber's view of the hub: events in order, with `dropped(count:)` markers where a
/// slow subscriber lost events.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = ProxyEvent
    let stream: AsyncStream<ProxyEvent>
    let replayCount: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<ProxyEvent>.AsyncIterator
        var replayLeft: Int
        var lastSequence: UInt64 = 0
        var pending: ProxyEvent?

        public mutating func next() async -> ProxyEvent? {
            if let pending {
                self.pending = nil
                return pending
            }
            guard let event = await base.next() else { return nil }
            if replayLeft > 0 {
                replayLeft -= 1
                lastSequence = Swift.max(lastSequence, event.sequence)
                return event
            }
            defer { lastSequence = event.sequence }
            if lastSequence > 0, event.sequence > lastSequence + 1 {
                pending = event
                return ProxyEvent(
                    sequence: event.sequence, time: event.time, instance: event.instance, kind: .dropped(count: Int(event.sequence - lastSequence - 1)))
            }
            return event
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), replayLeft: replayCount)
    }
}
