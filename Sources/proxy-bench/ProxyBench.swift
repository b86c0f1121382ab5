import ArgumentParser

/// `proxy-bench`: the benchmark load generator and report; measures what claude-proxy adds over
/// talking to the upstream directly. See `Benchmarks/README.md`.
@main
struct ProxyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-bench", abstract: "Benchmark claude-proxy against its upstream (and LiteLLM).",
        subcommands: [RunCommand.self, LoadCommand.self, HoldCommand.self], defaultSubcommand: RunCommand.self)
}
