import AsyncHTTPClient
import Dispatch
import FakeUpstream
import Foundation
import Hummingbird
import Logging
import NIOCore
import ProxyCore
import ProxyServer

/// Runs the proxy server until SIGTERM/SIGINT: loads the configuration, starts the built-in
/// fake upstream in demo mode, refreshes the models list in the background, reloads on SIGHUP.
struct ServerRunner {
    let options: ServerOptions
    /// When no credential is found, serve the demo upstream instead of exiting (the bare
    /// `claude-proxy` command, for a first try); `serve` for services exits instead.
    let demoWhenUnconfigured: Bool

    func run() async throws {
        let logger = Self.makeLogger(level: options.logLevel)
        let loader = ConfigLoader(options: options)
        var (settings, warnings) = try loadOrExit(loader)
        if !settings.demo && settings.upstream.apiKey == nil && demoWhenUnconfigured {
            FileHandle.standardError.write(
                Data("claude-proxy: no Anthropic credential set (ANTHROPIC_API_KEY); starting in DEMO mode on the built-in simulated upstream.\n".utf8))
            (settings, warnings) = try loadOrExit(loader, demo: true)
        }
        for warning in warnings { logger.warning("\(warning)") }
        if let problem = settings.startupProblem() {
            FileHandle.standardError.write(Data("claude-proxy: \(problem)\n".utf8))
            throw ProxyExit.notConfigured
        }

        let fakeTask: Task<Void, Error>?
        if settings.demo {
            let (task, port) = try await Self.startDemoUpstream()
            fakeTask = task
            settings.upstream.baseURL = "http://127.0.0.1:\(port)"
            logger.notice("DEMO mode: answers come from the built-in simulated Claude, not from Anthropic")
        } else {
            fakeTask = nil
        }
        defer { fakeTask?.cancel() }

        let service = ProxyService(settings: settings, logger: logger)
        let refresher = ModelsRefresher(service: service)
        let refreshTask = Task { await refresher.run() }
        let reloadSource = installReloadHandler(loader: loader, service: service, demoBaseURL: settings.demo ? settings.upstream.baseURL : nil)
        defer {
            refreshTask.cancel()
            reloadSource.cancel()
        }

        let host = settings.host
        let isDemo = settings.demo
        let app = ProxyApplication.make(service: service, refresher: refresher) { port in
            let mode = isDemo ? " (DEMO)" : ""
            logger.notice("claude-proxy \(ProxyCoreVersion.string) listening on http://\(host):\(port)\(mode)")
        }
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            let other = await Self.anotherProxyAnswers(host: host, port: settings.port) ? " (another claude-proxy answers /health there)" : ""
            FileHandle.standardError.write(Data("claude-proxy: port \(settings.port) on \(host) is already in use\(other); choose another with --port or PORT.\n".utf8))
            await service.shutdown()
            throw ProxyExit.portInUse
        }
        await service.shutdown()
    }

    private func loadOrExit(_ loader: ConfigLoader, demo: Bool? = nil) throws -> (ProxySettings, [String]) {
        do {
            return try loader.load(demo: demo)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("claude-proxy: configuration error: \(error)\n".utf8))
            throw ProxyExit.configError
        }
    }

    /// SIGHUP: parse and validate the file completely, then swap it in; a bad file changes nothing.
    private func installReloadHandler(loader: ConfigLoader, service: ProxyService, demoBaseURL: String?)
        -> DispatchSourceSignal
    {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            do {
                var (settings, warnings) = try loader.load(demo: demoBaseURL != nil)
                if let demoBaseURL { settings.upstream.baseURL = demoBaseURL }
                for warning in warnings { service.logger.warning("\(warning)") }
                service.apply(settings)
                service.logger.notice("configuration reloaded", metadata: ["file": "\(settings.configPath ?? "(none)")"])
            } catch {
                service.logger.error("configuration reload failed; keeping the running configuration: \(error)")
            }
        }
        source.resume()
        return source
    }

    static func startDemoUpstream() async throws -> (Task<Void, Error>, Int) {
        var options = FakeAnthropicOptions()
        options.demo = true
        let fake = FakeAnthropic(options: options)
        let (portStream, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await fake.run { port in continuation.yield(port) }
        }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ProxyExit.failure }
        return (task, port)
    }

    static func anotherProxyAnswers(host: String, port: Int) async -> Bool {
        let probeHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        var request = HTTPClientRequest(url: "http://\(probeHost):\(port)/health")
        request.method = .GET
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
            let body = try? await response.body.collect(upTo: 65536)
        else { return false }
        return String(buffer: body).contains("claude-proxy")
    }

    static func makeLogger(level: String?) -> Logger {
        let name = level ?? ProcessInfo.processInfo.environment["CLAUDE_PROXY_LOG_LEVEL"] ?? "info"
        var logger = Logger(label: "claude-proxy") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: name.lowercased()) ?? .info
        return logger
    }
}
