import ArgumentParser
import NIOCore
import NIOPosix

/// `proxy-bench load`: one closed-loop load against one URL, for profiling runs and ad-hoc checks.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Send one kind of request at a fixed concurrency and print the figures.")

    @Option(help: "Full URL, e.g. http://127.0.0.1:8080/v1/chat/completions.") var url: String
    @Flag(help: "Anthropic headers and body (for the fake) instead of the OpenAI body.") var anthropic = false
    @Flag(help: "Ask for a streamed answer.") var stream = false
    @Option(help: "Fake scenario marker, e.g. long:1000.") var scenario: String?
    @Option(help: "Connections sending back to back.") var concurrency = 16
    @Option(help: "Seconds to run.") var seconds = 5.0
    @Option(help: "Stop each connection after this many requests.") var requests = Int.max
    @Option(help: "Event-loop threads.") var threads = 1

    func run() async throws {
        let body = anthropic ? BenchBodies.anthropic(stream: stream, scenario: scenario)
            : BenchBodies.openAI(stream: stream, scenario: scenario)
        let target = try BenchTarget(url: url, body: body, headers: anthropic ? BenchBodies.anthropicHeaders : [])
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let result = try await LoadRunner(group: group).run(
            target, concurrency: concurrency, duration: .nanoseconds(Int64(seconds * 1e9)), requestsPerConnection: requests)
        try await group.shutdownGracefully()
        let f = ReportTable.format
        print("\(result.samples.count) answered in \(f(result.seconds)) s: \(f(result.requestsPerSecond)) req/s, "
            + "p50 \(f(result.latency.p50)) ms, p99 \(f(result.latency.p99)) ms, "
            + "first byte p50 \(f(result.firstByte.p50)) ms; \(result.errors) errors \(result.lastError ?? "")")
    }
}
