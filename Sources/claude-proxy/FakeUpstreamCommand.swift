import ArgumentParser
import FakeUpstream
import Foundation

/// `claude-proxy fake-upstream`: the simulated Claude on its own, for client tests and benchmarks.
struct FakeUpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-upstream", abstract: "Run the built-in simulated Claude API (for tests and benchmarks).",
        shouldDisplay: false)

    @Option(help: "Port (0 picks a free one).") var port = 0
    @Option(help: "Pause between streamed events, in milliseconds.") var eventDelayMs = 0
    @Flag(help: "Varied, naturally paced demo content.") var demo = false

    func run() async throws {
        var options = FakeAnthropicOptions()
        options.port = port
        options.eventDelay = .milliseconds(eventDelayMs)
        options.demo = demo
        let fake = FakeAnthropic(options: options)
        try await fake.run { port in
            FileHandle.standardOutput.write(Data("fake-upstream listening on http://127.0.0.1:\(port)\n".utf8))
        }
    }
}
