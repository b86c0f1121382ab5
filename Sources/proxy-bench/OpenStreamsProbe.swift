import NIOCore
import NIOPosix
import Synchronization

/// Holds many slow streams open at once and reads the proxy's memory while they are all live:
/// the cost of a stream in flight, which is what a busy proxy pays for.
struct OpenStreamsProbe: Sendable {
    let runner: LoadRunner

    struct Result: Sendable {
        var opened: Int
        /// Streams whose first bytes arrived and that were still open when the RSS was read.
        var streaming: Int
        /// Answers that ended before the measurement, by status (`HTTP 503`: the queue was full).
        var ended: [String: Int]
        var rssIdleBytes: Int
        var rssOpenBytes: Int
        var lastError: String?

        var bytesPerStream: Double {
            streaming > 0 ? Double(rssOpenBytes - rssIdleBytes) / Double(streaming) : .nan
        }
    }

    /// Opens `count` streams to `target`, waits until every one has delivered its first bytes
    /// (or `patience` is over), lets them run for `settle`, samples the RSS of `pid`, then closes them.
    func measure(
        _ target: BenchTarget, count: Int, pid: Int32, patience: TimeAmount, settle: TimeAmount
    ) async throws -> Result {
        let rssIdle = ProcessMemory.residentBytes(pid: pid) ?? 0
        var channels: [Channel] = []
        var firstBytes: [EventLoopFuture<Void>] = []
        var lastError: String?
        let stopAt = NIODeadline.now() + .hours(1)
        let ended = Mutex<[String: Int]>([:])
        for _ in 0..<count {
            let loop = runner.group.next()
            let first = loop.makePromise(of: Void.self)
            let done = loop.makePromise(of: BenchConnectionHandler.Outcome.self)
            let request = target.request
            do {
                let channel = try await runner.connect(target, on: loop) {
                    BenchConnectionHandler(request: request, stopAt: stopAt, maxRequests: 1, done: done, firstByte: first)
                }.get()
                channels.append(channel)
                firstBytes.append(first.futureResult)
                // Only answers that had sent body bytes count as ended streams (the others never
                // counted as streaming).
                let sawFirstByte = FirstByteFlag()
                first.futureResult.whenSuccess { sawFirstByte.value.store(true, ordering: .relaxed) }
                done.futureResult.whenSuccess { outcome in
                    guard sawFirstByte.value.load(ordering: .relaxed) else { return }
                    ended.withLock { $0[outcome.lastError ?? "HTTP 200", default: 0] += 1 }
                }
            } catch {
                lastError = "connect: \(error)"
                first.fail(error)
            }
        }
        let giveUpAt = NIODeadline.now() + patience
        var streaming = 0
        for future in firstBytes {
            let remaining = giveUpAt - NIODeadline.now()
            if remaining <= .zero { break }
            if (try? await withTimeout(remaining, future)) != nil { streaming += 1 }
        }
        try await Task.sleep(nanoseconds: UInt64(settle.nanoseconds))
        let rssOpen = ProcessMemory.residentBytes(pid: pid) ?? 0
        // A refused request (503 when the proxy's queue is full) also sent body bytes, then ended.
        let endedByStatus = ended.withLock { $0 }
        for channel in channels { channel.close(promise: nil) }
        for channel in channels { try? await channel.closeFuture.get() }
        return Result(
            opened: channels.count, streaming: streaming - endedByStatus.values.reduce(0, +), ended: endedByStatus,
            rssIdleBytes: rssIdle, rssOpenBytes: rssOpen, lastError: lastError)
    }

    private func withTimeout(_ timeout: TimeAmount, _ future: EventLoopFuture<Void>) async throws {
        let loop = future.eventLoop
        let promise = loop.makePromise(of: Void.self)
        let timer = loop.scheduleTask(in: timeout) { promise.fail(ChannelError.connectTimeout(timeout)) }
        future.whenComplete { result in
            timer.cancel()
            promise.completeWith(result)
        }
        try await promise.futureResult.get()
    }
}

/// Whether one probe connection's first body byte arrived.
private final class FirstByteFlag: Sendable {
    let value = Atomic<Bool>(false)
}
