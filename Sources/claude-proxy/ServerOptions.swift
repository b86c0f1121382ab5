import ArgumentParser

/// Options every command that reads the configuration shares.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $CLAUDE_PROXY_CONFIG or ~/.config/claude-proxy/config.json).")
    var config: String?

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1, env HOST).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 3456, env PORT).")
    var port: Int?

    @Flag(name: .long, help: "Serve from the built-in simulated Claude upstream; no credentials needed.")
    var demo = false

    @Flag(name: .long, help: "Allow listening on a non-loopback address without client keys.")
    var allowRemoteWithoutKeys = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error (env CLAUDE_PROXY_LOG_LEVEL).")
    var logLevel: String?
}
