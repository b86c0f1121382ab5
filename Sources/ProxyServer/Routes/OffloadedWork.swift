import NIOPosix

/// Runs CPU work on a whole request (parsing and translating a big body) on NIO's blocking pool.
///
/// Swift concurrency runs on the event loops here (`ClaudeProxyCommand.main`), so a handler that
/// spends seconds of CPU on one request would stall every connection that loop serves, `/health`
/// included. Small bodies, the common case, stay inline: a thread hop costs more than the work.
enum OffloadedWork {
    /// Bodies at least this large are parsed and translated off the event loop.
    static let thresholdBytes = 256 << 10

    static func run<Result: Sendable>(
        bytes: Int, _ work: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        guard bytes >= thresholdBytes else { return try work() }
        return try await NIOThreadPool.singleton.runIfActive(work)
    }
}
