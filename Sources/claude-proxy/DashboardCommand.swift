import ArgumentParser
import Dashboard
import Foundation
import ProxyCore

/// `claude-proxy dashboard`: the full-screen dashboard, with the server embedded (UI on the
/// main thread, server on background threads) or `--attach`ed to a running `claude-proxy serve`.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Full-screen dashboard of the proxy's traffic (embedded server, or --attach to a running serve).",
        discussion: """
            Embedded (the default), quitting stops the proxy after its in-flight streams finish. With --attach \
            the dashboard watches a running `claude-proxy serve` through GET /admin/events and sends f/r as \
            POST /admin/refresh and /admin/reload; quitting leaves the service running. Keys: ? in the dashboard.
            """)

    @OptionGroup var options: ServerOptions

    @Flag(name: .long, help: "Attach to a running `claude-proxy serve` instead of embedding the server.")
    var attach = false

    @Argument(help: "With --attach: the server's URL (default http://127.0.0.1:3456, or --host/--port/PORT).")
    var url: String?

    @Option(name: .long, help: "Admin token for --attach (default: env CLAUDE_PROXY_ADMIN_TOKEN, else the config file's).")
    var adminToken: String?

    func validate() throws {
        if url != nil && !attach { throw ValidationError("a URL is only used with --attach") }
    }

    func run() async throws {
        if attach {
            try await Self.runAttached(options: options, url: url, adminToken: adminToken)
        } else {
            try await Self.runEmbedded(options: options)
        }
    }

    /// The bare `claude-proxy` command: the dashboard with the server embedded (DEMO when no
    /// credential is configured).
    static func runEmbedded(options: ServerOptions) async throws {
        try requireTerminal()
        let server = try await EmbeddedServer.start(options: options, demoWhenUnconfigured: true)
        let context = DashboardContext(
            version: ProxyCoreVersion.string, listenURL: server.listenURL, mode: server.isDemo ? .demo : .embedded,
            serverStartedAt: Date().timeIntervalSince1970, utcOffset: TimeZone.current.secondsFromGMT())
        let (inputs, continuation) = AsyncStream<DashboardInput>.makeStream(bufferingPolicy: .bufferingNewest(20_000))
        // Kept open through the shutdown: the dashboard shows the drain it is waiting for.
        let subscription = server.hub.subscribe(keepOpenOnClose: true)
        let feeder = Task {
            for await event in subscription { continuation.yield(.event(event)) }
            continuation.finish()
        }
        let session = DashboardSession(context: context, control: server.control) {
            await server.shutdown()
        }
        let outcome = try await session.run(inputs: inputs)
        feeder.cancel()
        if !outcome.drained { await server.stopNow() }
        print(outcome.summary)
    }

    static func runAttached(options: ServerOptions, url: String?, adminToken: String?) async throws {
        try requireTerminal()
        let environment = ProcessInfo.processInfo.environment
        let base = url ?? "http://\(options.host ?? "127.0.0.1"):\(options.port ?? environment["PORT"].flatMap(Int.init) ?? 3456)"
        let token = adminToken ?? environment["CLAUDE_PROXY_ADMIN_TOKEN"]
            ?? (try? ConfigLoader(options: options).load().settings.adminToken) ?? nil
        let endpoint = AdminEndpoint(baseURL: base, adminToken: token)
        let context = DashboardContext(
            version: "?", listenURL: endpoint.baseURL, mode: .attached(url: endpoint.baseURL), serverStartedAt: nil,
            utcOffset: TimeZone.current.secondsFromGMT())
        let session = DashboardSession(context: context, control: HTTPProxyControl(endpoint: endpoint))
        let outcome = try await session.run(inputs: AttachedEventSource(endpoint: endpoint).inputs())
        print(outcome.summary)
    }

    private static func requireTerminal() throws {
        guard DashboardSession.hasTerminal else {
            FileHandle.standardError.write(Data("claude-proxy: \(DashboardSession.Failure.notATerminal)\n".utf8))
            throw ExitCode(64)
        }
    }
}
