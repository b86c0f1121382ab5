import ArgumentParser
import NIOCore
import NIOPosix
import ProxyCore

/// `claude-proxy`: an OpenAI-compatible API on this machine, forwarded to Claude.
@main
struct ClaudeProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude-proxy",
        abstract: "Serve an OpenAI-compatible API on this machine and forward it to Claude.",
        discussion: """
            Without a subcommand, runs the dashboard with the proxy embedded; with no credential set it \
            starts in DEMO mode on a built-in simulated upstream. Exit codes: 0 ok, 1 failure, 3 not configured \
            (no credential / unsafe listen address), 4 port in use, 5 check failed, 64 usage error, 78 config error.
            """,
        version: ProxyCoreVersion.string,
        subcommands: [
            DashboardCommand.self, ServeCommand.self, CheckCommand.self, ModelsCommand.self, UsageCommand.self,
            FakeUpstreamCommand.self,
        ]
    )

    @OptionGroup var options: ServerOptions

    /// Runs Swift concurrency on NIO's event loops instead of Dispatch's worker pool, so a request
    /// does not hop threads at every await between the HTTP server, the handler and the upstream
    /// client (the largest cost in the benchmark's profile); then parses and runs as usual.
    static func main() async {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }

    func run() async throws {
        try await DashboardCommand.runEmbedded(options: options)
    }
}

/// `claude-proxy serve`: the server headless, for systemd/launchd; logs to stderr.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the proxy server headless (for systemd/launchd); logs go to stderr.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await ServeRunner(options: options, demoWhenUnconfigured: false).run()
    }
}
