import Foundation
import Logging
import ProxyCore
import ProxyStore
import Synchronization

/// Takes one finished-request row from each request and writes them to the ledger in batches.
///
/// `record` never blocks and never fails: it appends to a bounded in-memory queue. One task
/// drains the queue a quarter of a second after work arrives (so `kill -9` loses at most that
/// batch), one transaction per batch, on GRDB's writer queue rather than an event loop. When the
/// database cannot be written (disk full, read-only, locked for longer than the busy timeout)
/// requests are still served: the rows are counted as failed, and a warning event and log line
/// say so once, and again when writing works again. `close()` writes everything still queued.
///
/// ```swift
/// let recorder = LedgerRecorder(database: try? StateDatabase(path: path), path: path, hub: hub, logger: logger)
/// recorder.record(row)        // from a request, any thread
/// await recorder.close()      // at shutdown: flushes
/// ```
public final class LedgerRecorder: Sendable {
    /// What `/health` shows.
    public struct Status: Sendable, Equatable {
        public var path: String
        /// Rows written since start.
        public var written: Int
        /// Rows that could not be written (database unavailable, write errors, queue overflow).
        public var failed: Int
        /// Rows waiting for the next batch.
        public var pending: Int
        /// The last write error while writes are failing; nil when the last batch was written.
        public var lastError: String?
    }

    private struct State {
        var queue: [LedgerRecord] = []
        var written = 0
        var failed = 0
        var lastError: String?
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    public let path: String
    /// The database the rows go to; nil when it could not be opened (every row then counts as failed).
    public let database: StateDatabase?
    private let store: LedgerStore?
    private let state = Mutex(State())
    private let capacity: Int
    private let batchDelay: Duration
    private let hub: EventHub
    private let logger: Logger
    private let drain = Mutex<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - database: the open state database, or nil when opening it failed with `openError`.
    ///   - capacity: rows held in memory at most; beyond it new rows are counted as failed.
    ///   - batchDelay: how long after the first queued row a batch is written (at most a second).
    public init(
        database: StateDatabase?, path: String, openError: String? = nil, hub: EventHub, logger: Logger,
        capacity: Int = 50_000, batchDelay: Duration = .milliseconds(250)
    ) {
        self.database = database
        self.path = path
        store = database.map { LedgerStore(database: $0) }
        self.capacity = capacity
        self.batchDelay = min(batchDelay, .seconds(1))
        self.hub = hub
        self.logger = logger
        if database == nil {
            let reason = openError ?? "not opened"
            state.withLock { $0.lastError = reason }
            warn("usage ledger unavailable: \(reason); requests are served but not recorded (fix it and restart)")
            return
        }
        drain.withLock { $0 = Task { [self] in await self.run() } }
    }

    /// Queues one row; never waits.
    public func record(_ record: LedgerRecord) {
        guard store != nil else {
            state.withLock { $0.failed += 1 }
            return
        }
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            // After close() (the server has stopped) or beyond the bound: counted, never silently lost.
            guard !state.closed, state.queue.count < capacity else {
                state.failed += 1
                return nil
            }
            state.queue.append(record)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    public var status: Status {
        state.withLock { state in
            Status(path: path, written: state.written, failed: state.failed, pending: state.queue.count, lastError: state.lastError)
        }
    }

    /// Writes what is queued and stops the writer; rows recorded afterwards count as failed.
    public func close() async {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
        let task = drain.withLock { $0 }
        await task?.value
    }

    private func run() async {
        while true {
            let closed = await nextWork()
            // Let a batch gather; at shutdown, write at once.
            if !closed { try? await Task.sleep(for: batchDelay) }
            let (batch, finished) = state.withLock { state -> ([LedgerRecord], Bool) in
                defer { state.queue.removeAll(keepingCapacity: true) }
                return (state.queue, state.closed)
            }
            await write(batch)
            if finished { return }
        }
    }

    /// Waits until a row is queued or the recorder is closed; returns whether it is closed.
    private func nextWork() async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if !state.queue.isEmpty || state.closed { return true }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
        return state.withLock { $0.closed }
    }

    private func write(_ batch: [LedgerRecord]) async {
        guard let store, !batch.isEmpty else { return }
        do {
            try await store.append(batch)
            let recovered = state.withLock { state -> Bool in
                state.written += batch.count
                defer { state.lastError = nil }
                return state.lastError != nil
            }
            if recovered { notice("usage ledger: writing to \(path) works again") }
        } catch {
            let reason = LedgerStore.describe(error)
            let first = state.withLock { state -> Bool in
                state.failed += batch.count
                defer { state.lastError = reason }
                return state.lastError == nil
            }
            if first {
                warn(
                    "usage ledger: cannot write to \(path): \(reason); requests are still served, the rows that could "
                        + "not be written are counted in /health (ledger.failed)")
            }
        }
    }

    private func warn(_ message: String) {
        hub.publish(.log(level: .warning, message: message))
        logger.warning("\(message)", metadata: [ProxyService.onHubMetadataKey: "warning"])
    }

    private func notice(_ message: String) {
        hub.publish(.log(level: .info, message: message))
        logger.notice("\(message)", metadata: [ProxyService.onHubMetadataKey: "info"])
    }
}
