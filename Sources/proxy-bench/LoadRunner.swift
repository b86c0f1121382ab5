import NIOCore
import NIOPosix

/// Drives `BenchConnectionHandler`s: opens connections to a target, lets each run its closed
/// loop, and gathers what they measured.
struct LoadRunner: Sendable {
    let group: MultiThreadedEventLoopGroup

    /// The merged result of one run.
    struct Result: Sendable {
        var samples: [BenchConnectionHandler.Sample]
        var errors: Int
        var lastError: String?
        var seconds: Double

        var requestsPerSecond: Double { seconds > 0 ? Double(samples.count) / seconds : 0 }
        var latency: LatencySummary { LatencySummary(samples.map(\.total)) }
        var firstByte: LatencySummary { LatencySummary(samples.map(\.firstBodyByte)) }
    }

    /// `concurrency` connections, each sending back to back until `duration` is over or it has
    /// sent `requestsPerConnection`.
    func run(
        _ target: BenchTarget, concurrency: Int, duration: TimeAmount, requestsPerConnection: Int = .max
    ) async throws -> Result {
        let started = NIODeadline.now()
        let stopAt = started + duration
        var futures: [EventLoopFuture<BenchConnectionHandler.Outcome>] = []
        for _ in 0..<concurrency {
            let loop = group.next()
            let done = loop.makePromise(of: BenchConnectionHandler.Outcome.self)
            let request = target.request
            do {
                _ = try await connect(target, on: loop) {
                    BenchConnectionHandler(request: request, stopAt: stopAt, maxRequests: requestsPerConnection, done: done)
                }.get()
            } catch {
                done.succeed(BenchConnectionHandler.Outcome(errors: 1, lastError: "connect: \(error)"))
            }
            futures.append(done.futureResult)
        }
        var result = Result(samples: [], errors: 0, lastError: nil, seconds: 0)
        for future in futures {
            let outcome = try await future.get()
            result.samples += outcome.samples
            result.errors += outcome.errors
            result.lastError = outcome.lastError ?? result.lastError
        }
        result.seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        return result
    }

    /// Opens one connection running the handler that `makeHandler` builds.
    func connect(
        _ target: BenchTarget, on loop: EventLoop, makeHandler: @escaping @Sendable () -> BenchConnectionHandler
    ) -> EventLoopFuture<Channel> {
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(makeHandler()) }
            }
            .connect(host: target.host, port: target.port)
    }
}
