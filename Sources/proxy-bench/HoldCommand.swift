import ArgumentParser
import NIOCore
import NIOPosix

/// `proxy-bench hold`: only the held-streams memory measurement, against a proxy started by hand
/// (in front of a slowly paced fake), e.g. under heaptrack or with another configuration.
struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Hold many slow streams open through a proxy and report its memory per stream.")

    @Option(help: "The proxy, e.g. http://127.0.0.1:3456.") var proxy: String
    @Option(help: "PID of the proxy process.") var pid: Int32
    @Option(help: "Streams to hold open at once.") var streams = 1000
    @Option(help: "Seconds to wait for every stream's first bytes.") var patience = 60
    @Option(help: "Seconds to let the streams run before reading the RSS.") var settle = 2
    @Option(help: "Event-loop threads.") var threads = 1

    func run() async throws {
        let target = try BenchTarget(
            url: proxy + "/v1/chat/completions", body: BenchBodies.openAI(stream: true, scenario: "long:100000"))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let result = try await OpenStreamsProbe(runner: LoadRunner(group: group)).measure(
            target, count: streams, pid: pid, patience: .seconds(Int64(patience)), settle: .seconds(Int64(settle)))
        try await group.shutdownGracefully()
        let mib = 1024.0 * 1024.0
        let f = ReportTable.format
        let ended = result.ended.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        print("\(result.streaming)/\(streams) streaming; idle \(f(Double(result.rssIdleBytes) / mib)) MiB, "
            + "open \(f(Double(result.rssOpenBytes) / mib)) MiB, \(f(result.bytesPerStream / 1024)) KiB per open stream"
            + (ended.isEmpty ? "" : "; ended early: \(ended)") + (result.lastError.map { "; last error: \($0)" } ?? ""))
    }
}
