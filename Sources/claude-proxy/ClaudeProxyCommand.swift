import ArgumentParser
import ProxyCore

/// `claude-proxy`: an OpenAI-compatible API on this machine, forwarded to Claude.
@main
struct ClaudeProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude-proxy",
        abstract: "Serve an OpenAI-compatible API on this machine and forward it to Claude.",
        discussion: """
            Without a subcommand, starts the proxy in the foreground; with no credential set it starts in \
            DEMO mode on a built-in simulated upstream. Exit codes: 0 ok, 1 failure, 3 not configured \
            (no credential / unsafe listen address), 4 port in use, 5 check failed, 64 usage error, 78 config error.
            """,
        version: ProxyCoreVersion.string,
        subcommands: [ServeCommand.self, CheckCommand.self, ModelsCommand.self, FakeUpstreamCommand.self]
    )

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await ServeRunner(options: options, demoWhenUnconfigured: true).run()
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
