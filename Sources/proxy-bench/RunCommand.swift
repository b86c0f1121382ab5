import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// `proxy-bench run`: every measurement against servers that `Benchmarks/run.sh` started, then
/// the table on stdout.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Measure direct vs proxied (vs LiteLLM) and print the table.")

    @Option(help: "The unpaced fake upstream, e.g. http://127.0.0.1:8081.") var fake: String
    @Option(help: "The proxy in front of --fake.") var proxy: String
    @Option(help: "PID of the --proxy process (RSS after load).") var proxyPid: Int32?
    @Option(help: "The paced fake upstream.") var pacedFake: String
    @Option(help: "The proxy in front of --paced-fake.") var pacedProxy: String
    @Option(help: "The paced fake's --event-delay-ms.") var pacedDelayMs = 1
    @Option(help: "A fresh proxy in front of a slowly paced fake, for memory.") var holdProxy: String
    @Option(help: "PID of the --hold-proxy process.") var holdProxyPid: Int32
    @Option(help: "A proxy with the default upstream cap in front of the slow fake (streams beyond it).") var capProxy: String?
    @Option(help: "LiteLLM in front of --fake (optional third column).") var litellm: String?
    @Option(help: "A proxy like --proxy but with the usage ledger off, for the ledger's cost.") var noLedgerProxy: String?
    @Option(help: "The claude-proxy binary, to time start-up.") var proxyBinary: String
    @Flag(help: "A short smoke run: checks that everything runs, numbers are rough.") var quick = false
    @Option(help: "Seconds of measured load per cell.") var seconds: Double?
    @Option(help: "Streams held open at once for the memory figure.") var openStreams: Int?
    @Option(help: "Event-loop threads of the load generator.") var threads = min(2, System.coreCount)

    func run() async throws {
        var c = BenchmarkConfiguration(
            fakeURL: fake, proxyURL: proxy, pacedFakeURL: pacedFake, pacedProxyURL: pacedProxy, pacedDelayMs: pacedDelayMs,
            holdProxyURL: holdProxy, holdProxyPID: holdProxyPid, proxyPID: proxyPid, litellmURL: litellm,
            proxyBinary: proxyBinary)
        c.capProxyURL = capProxy
        c.noLedgerProxyURL = noLedgerProxy
        if quick {
            c.warmup = .milliseconds(200)
            c.duration = .seconds(1)
            c.streamRuns = 3
            c.pacedStreamEvents = 100
            c.pacedStreamRuns = 1
            c.openStreams = 100
            c.startupAttempts = 2
            c.ledgerRounds = 1
        }
        if let seconds { c.duration = .nanoseconds(Int64(seconds * 1e9)) }
        if let openStreams { c.openStreams = openStreams }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let benchmark = Benchmark(configuration: c, runner: LoadRunner(group: group)) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let before = Self.loadAverage()
        let rows = try await benchmark.run()
        try await group.shutdownGracefully()
        let after = Self.loadAverage()
        print("claude-proxy benchmark: \(System.coreCount) cores, load average \(before) before, \(after) after"
            + (quick ? " (QUICK smoke run: numbers are rough)" : ""))
        print("generator: proxy-bench, \(threads) event-loop threads, closed loop, keep-alive; "
            + "\(ReportTable.format(Double(c.duration.nanoseconds) / 1e9)) s per cell after "
            + "\(ReportTable.format(Double(c.warmup.nanoseconds) / 1e9)) s warm-up")
        print(ReportTable(rows: rows, showLiteLLM: litellm != nil).render(), terminator: "")
        let missed = rows.filter { $0.met == false }.map(\.metric)
        print(missed.isEmpty ? "budget: all met" : "budget: not met: \(missed.joined(separator: "; "))")
    }

    static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "?" }
        return loads.map { ReportTable.format1($0, digits: 2) }.joined(separator: " ")
    }
}
