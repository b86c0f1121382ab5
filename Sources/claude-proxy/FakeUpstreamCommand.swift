import ArgumentParser
import FakeUpstream
import Foundation

/// `claude-proxy fake-upstream`: the simulated Claude on its own, for client tests and benchmarks.
struct FakeUpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-upstream", abstract: "Run the built-in simulated Claude API (for tests and benchmarks).",
        shouldDisplay: false)

    /// `--port` (0 picks a free one) and `--demo` (varied, naturally paced content) are the shared
    /// server options: the root command declares them too, and ArgumentParser gives an option that
    /// both declare to the root unless the subcommand declares the same group.
    @OptionGroup var server: ServerOptions
    @Option(help: "Pause between streamed events, in milliseconds.") var eventDelayMs = 0

    func run() async throws {
        var options = FakeAnthropicOptions()
        options.port = server.port ?? 0
        options.eventDelay = .milliseconds(eventDelayMs)
        options.demo = server.demo
        let fake = FakeAnthropic(options: options)
        try await fake.run { port in
            FileHandle.standardOutput.write(Data("fake-upstream listening on http://127.0.0.1:\(port)\n".utf8))
        }
    }
}
