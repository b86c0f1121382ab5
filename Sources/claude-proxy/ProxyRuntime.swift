import AsyncHTTPClient
import FakeUpstream
import Foundation
import Hummingbird
import Logging
import NIOCore
import ProxyCore
import ProxyServer
import ProxyStore
import ServiceLifecycle

/// Everything a running proxy is made of, wired together: configuration, the demo upstream
/// when asked for, the service, background services, the controller and the HTTP application.
/// `serve` runs it in the foreground until a signal; the dashboard embeds it.
/// `serviceGroup()` runs the server and its background services together.
struct ProxyRuntime {
    let settings: ProxySettings
    let service: ProxyService
    let controller: ProxyController
    let app: any Service
    let ports: AsyncStream<Int>
    /// Work beside the server: models refresh, credential monitor, ledger retention, usage publishing.
    let background: [(name: String, service: any Service)]
    /// DEMO traffic for the embedded dashboard, when asked for.
    let demoTraffic: (any Service)?
    private let demoTask: Task<Void, Error>?

    enum LogTarget { case standardError, file }

    /// - Parameter demoTraffic: in DEMO mode, also send the demo's own requests (the embedded dashboard).
    static func make(
        options: ServerOptions, demoWhenUnconfigured: Bool, logTarget: LogTarget, demoTraffic: Bool = false
    ) async throws -> ProxyRuntime {
        let loader = ConfigLoader(options: options)
        var (settings, warnings) = try loadOrExit(loader)
        if let problem = settings.startupProblem() {
            FileHandle.standardError.write(Data("claude-proxy: \(problem)\n".utf8))
            throw ProxyExit.notConfigured
        }
        let hub = EventHub()
        let logger = try makeLogger(level: options.logLevel, target: logTarget, settings: settings, hub: hub)
        for warning in warnings { logger.warning("\(warning)") }
        // A default soft limit of 1024 is far below what a proxy of many held streams needs;
        // the hard limit (systemd's LimitNOFILE) is what the administrator allows.
        let descriptors = DescriptorLimit.raiseToHardLimit()
        logger.debug("open-file limit \(descriptors.after) (soft limit was \(descriptors.before))")

        var demoTask: Task<Void, Error>?
        var service: ProxyService?
        while service == nil {
            if settings.demo {
                let (task, port) = try await startDemoUpstream()
                demoTask = task
                settings.upstream.baseURL = "http://127.0.0.1:\(port)"
                logger.notice("DEMO mode: answers come from the built-in simulated Claude, not from Anthropic")
            }
            let (ledger, responses) = openState(settings: settings, environment: loader.environment, hub: hub, logger: logger)
            do {
                do {
                    service = try ProxyService(
                        settings: settings, logger: logger, hub: hub, environment: loader.environment,
                        resolver: loader.secretResolver, ledger: ledger, responses: responses)
                } catch {
                    await ledger?.close()
                    throw error
                }
            } catch let error as CredentialError where !settings.demo && demoWhenUnconfigured {
                let announcement = "\(error.message)\nNo usable credential: starting in DEMO mode on the built-in simulated upstream."
                if logTarget == .standardError { FileHandle.standardError.write(Data("claude-proxy: \(announcement)\n".utf8)) }
                logger.notice("\(announcement)")
                (settings, warnings) = try loadOrExit(loader, demo: true)
            } catch let error as CredentialError {
                var message = error.message
                if message != ProxySettings.missingCredentialMessage {
                    message += "\nOtherwise set ANTHROPIC_API_KEY, or run with --demo to try the built-in simulated upstream."
                }
                FileHandle.standardError.write(Data("claude-proxy: \(message)\n".utf8))
                throw ProxyExit.notConfigured
            } catch let error as ConfigError {
                FileHandle.standardError.write(Data("claude-proxy: configuration error: \(error)\n".utf8))
                throw ProxyExit.configError
            }
        }
        guard let service else { throw ProxyExit.failure }
        let demoBaseURL = settings.demo ? settings.upstream.baseURL : nil
        let refresher = ModelsRefresher(service: service)
        let credentials = CredentialMonitor(service: service)
        let controller = ProxyController(service: service, credentials: credentials) {
            var reloaded = try loader.load(demo: demoBaseURL != nil).settings
            if let demoBaseURL { reloaded.upstream.baseURL = demoBaseURL }
            return reloaded
        }
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let (demoPorts, demoPortContinuation) = AsyncStream<Int>.makeStream()
        let host = settings.host
        let isDemo = settings.demo
        let app = ProxyApplication.make(service: service, refresher: refresher, control: controller) { port in
            logger.notice("claude-proxy \(ProxyCoreVersion.string) listening on http://\(host):\(port)\(isDemo ? " (DEMO)" : "")")
            portContinuation.yield(port)
            demoPortContinuation.yield(port)
        }
        var background: [(name: String, service: any Service)] = [
            ("models refresh", refresher), ("credential monitor", credentials),
        ]
        if let database = service.ledger?.database {
            let retention = LedgerRetention(
                store: LedgerStore(database: database), retentionDays: settings.ledger.retentionDays, logger: logger)
            background.append(("ledger retention", retention))
            background.append(("usage publisher", UsagePublisher(service: service, queries: LedgerQueries(database: database))))
        }
        if let archive = service.responses, let store = archive.store {
            let retention = ResponseRetention(
                store: store, settings: settings.responses, logger: logger, keptBytes: { archive.takeKeptBytes() })
            background.append(("responses retention", retention))
        }
        let traffic = isDemo && demoTraffic
            ? DemoTrafficGenerator(host: host, ports: demoPorts, clientKey: settings.clientKeys.first?.key) : nil
        return ProxyRuntime(
            settings: settings, service: service, controller: controller, app: app, ports: ports,
            background: background, demoTraffic: traffic, demoTask: demoTask)
    }

    /// The server and its background services as one `ServiceGroup` (no signals: they are ours).
    /// On a graceful shutdown the demo traffic stops first, then the server drains, then the
    /// background services stop — credentials stay fresh while the last streams finish. A
    /// background service that ends on its own does not take the server down.
    func serviceGroup() -> ServiceGroup {
        var services = background.map { entry in
            ServiceGroupConfiguration.ServiceConfiguration(
                service: entry.service, successTerminationBehavior: .ignore, serviceName: entry.name)
        }
        services.append(.init(service: app, serviceName: "http server"))
        if let demoTraffic {
            services.append(.init(service: demoTraffic, successTerminationBehavior: .ignore, serviceName: "demo traffic"))
        }
        return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [], logger: service.logger))
    }

    /// Cleans up after the service group has stopped. Waits for the demo upstream to stop:
    /// a process that exits while that server is still tearing itself down can crash on the way
    /// out (`--demo serve --port BUSY` did, about half the time).
    func cleanUp() async {
        demoTask?.cancel()
        _ = await demoTask?.result
        await service.shutdown()
    }

    /// The usage ledger's recorder (nil when `ledger.enabled` is false) and the Responses store
    /// (nil when `responses.store` is false), sharing one state database opened once. A database
    /// that cannot be opened gives a recorder that counts every row as failed and a store that
    /// keeps nothing: the proxy serves regardless. DEMO mode uses a file of its own, so simulated
    /// traffic never mixes with real spend or real conversations.
    static func openState(settings: ProxySettings, environment: [String: String], hub: EventHub, logger: Logger)
        -> (LedgerRecorder?, ResponseArchive?)
    {
        guard settings.ledger.enabled || settings.responses.store else { return (nil, nil) }
        var path = StateDatabasePath.resolve(configured: settings.ledger.path, environment: environment)
        if settings.demo { path = StateDatabasePath.demoVariant(of: path) }
        let database: StateDatabase?
        var openError: String?
        do {
            database = try StateDatabase(path: path)
            logger.debug("state database: \(path)")
        } catch {
            database = nil
            openError = "\(error)"
        }
        let ledger = settings.ledger.enabled
            ? LedgerRecorder(database: database, path: path, openError: openError, hub: hub, logger: logger) : nil
        let responses = settings.responses.store
            ? ResponseArchive(database: database, openError: openError, logger: logger) : nil
        return (ledger, responses)
    }

    /// Turns a bind failure into the one-line error users need, with `hint` on a line of its own.
    static func describePortInUse(_ error: Error, settings: ProxySettings, hint: String? = nil) async -> Bool {
        guard let ioError = error as? IOError, ioError.errnoCode == EADDRINUSE else { return false }
        let other = await anotherProxyAnswers(host: settings.host, port: settings.port) ? " (another claude-proxy answers /health there)" : ""
        var message = "claude-proxy: port \(settings.port) on \(settings.host) is already in use\(other); choose another with --port or PORT.\n"
        if let hint { message += "claude-proxy: \(hint)\n" }
        FileHandle.standardError.write(Data(message.utf8))
        return true
    }

    static func loadOrExit(_ loader: ConfigLoader, demo: Bool? = nil) throws -> (ProxySettings, [String]) {
        do {
            return try loader.load(demo: demo)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("claude-proxy: configuration error: \(error)\n".utf8))
            throw ProxyExit.configError
        }
    }

    static func startDemoUpstream() async throws -> (Task<Void, Error>, Int) {
        var options = FakeAnthropicOptions()
        options.demo = true
        let fake = FakeAnthropic(options: options)
        let (portStream, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
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

    static func makeLogger(level: String?, target: LogTarget, settings: ProxySettings, hub: EventHub) throws -> Logger {
        let fromEnvironment = ProcessInfo.processInfo.environment["CLAUDE_PROXY_LOG_LEVEL"].flatMap { $0.isEmpty ? nil : $0 }
        let name = level ?? fromEnvironment ?? "info"
        guard let logLevel = ServerOptions.parseLogLevel(name) else {
            let shown = Redactor.redactIfSecretLike(name)
            FileHandle.standardError.write(
                Data(
                    ("claude-proxy: configuration error: environment: CLAUDE_PROXY_LOG_LEVEL: '\(shown)' is not a log "
                        + "level; use one of \(ServerOptions.logLevelNames)\n").utf8))
            throw ProxyExit.configError
        }
        let logFile = ((settings.logFile ?? defaultLogFile()) as NSString).expandingTildeInPath
        var logger = Logger(label: "claude-proxy") { label in
            var primary: LogHandler
            switch target {
            case .standardError:
                primary = StreamLogHandler.standardError(label: label)
            case .file:
                primary = (try? FileLogHandler(label: label, path: logFile)) ?? SwiftLogNoOpLogHandler()
            }
            primary.logLevel = logLevel
            return MultiplexLogHandler([primary, EventLogHandler(hub: hub)])
        }
        logger.logLevel = min(logLevel, .warning)
        return logger
    }

    static func defaultLogFile() -> String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return base + "/claude-proxy/claude-proxy.log"
    }
}
