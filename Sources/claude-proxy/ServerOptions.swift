import ArgumentParser
import Logging

/// Options every command that reads the configuration shares.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $CLAUDE_PROXY_CONFIG or ~/.config/claude-proxy/config.json).")
    var config: String?

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1, env HOST).")
    var host: String?

    @Option(name: .long, help: "Port to listen on, 0–65535 (default 3456, env PORT).")
    var port: Int?

    @Flag(name: .long, help: "Serve from the built-in simulated Claude upstream; no credentials needed.")
    var demo = false

    @Flag(name: .long, help: "Allow listening on a non-loopback address without client keys.")
    var allowRemoteWithoutKeys = false

    @Option(
        name: .long,
        help: "Log level: \(ServerOptions.logLevelNames) (default info, env CLAUDE_PROXY_LOG_LEVEL).")
    var logLevel: String?

    /// Rejected here, as a usage error (exit 64), rather than wrapped or ignored later.
    func validate() throws {
        if let port, !(0...65535).contains(port) {
            throw ValidationError("--port \(port) is not a port number: use 0–65535 (0 picks a free port).")
        }
        if let logLevel, Self.parseLogLevel(logLevel) == nil {
            throw ValidationError("--log-level '\(logLevel)' is not a log level: use one of \(Self.logLevelNames).")
        }
    }

    static let logLevelNames = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")

    /// The level a name stands for (case-insensitive), or nil for a name swift-log does not know.
    static func parseLogLevel(_ name: String) -> Logger.Level? {
        Logger.Level(rawValue: name.lowercased())
    }
}
