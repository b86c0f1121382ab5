import NIOCore

/// Where everything under test listens and how hard to push it; filled in by `Benchmarks/run.sh`.
struct BenchmarkConfiguration: Sendable {
    /// The fake upstream without pacing, and the proxy in front of it.
    var fakeURL: String
    var proxyURL: String
    /// The fake with `--event-delay-ms` (a short delay, for the paced 1,000-event stream) and its proxy.
    var pacedFakeURL: String
    var pacedProxyURL: String
    var pacedDelayMs: Int
    /// A fresh proxy in front of a slowly paced fake: idle memory and many open streams.
    var holdProxyURL: String
    var holdProxyPID: Int32
    /// A proxy with the default `limits.maxUpstreamConnections` (512) in front of the slow fake:
    /// `openStreams` at once there shows the wall (streams beyond the cap get a 503 after the queue time).
    var capProxyURL: String?
    /// A proxy like `proxyURL` in front of the same fake, with `ledger.enabled: false`: throughput with
    /// the usage ledger on vs off, measured alternately, is the ledger's cost.
    var noLedgerProxyURL: String?
    /// Alternating off/on measurements per side (their mean is reported).
    var ledgerRounds = 2
    /// The proxy that took the load, for its RSS afterwards.
    var proxyPID: Int32?
    /// LiteLLM in front of the unpaced fake, when installed.
    var litellmURL: String?
    /// The proxy binary, started afresh to time start-up.
    var proxyBinary: String

    var concurrencies: [Int] = [1, 16, 64]
    var warmup: TimeAmount = .seconds(1)
    var duration: TimeAmount = .seconds(5)
    var streamEvents = 1000
    var streamRuns = 20
    var pacedStreamEvents = 1000
    var pacedStreamRuns = 3
    var openStreams = 1000
    var startupAttempts = 5
}
