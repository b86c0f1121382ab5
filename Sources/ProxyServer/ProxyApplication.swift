import Hummingbird
import Logging
import NIOCore
import ProxyCore

/// Builds the Hummingbird application that serves the proxy's HTTP surface.
public enum ProxyApplication {
    public static func make(
        service: ProxyService, refresher: ModelsRefresher, control: (any ProxyControl)? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let settings = service.runtime.current.settings
        let router = Router(context: ProxyRequestContext.self)
        router.add(middleware: ErrorMiddleware(hub: service.hub, ledger: service.ledger))
        router.add(middleware: RuntimeSnapshotMiddleware(runtime: service.runtime))
        router.add(middleware: ClientAuthMiddleware(service: service))

        let health = HealthRoute(service: service, modelsState: refresher)
        router.get("/health", use: health.handle)
        let models = ModelsRoute(service: service)
        router.get("/v1/models", use: models.list)
        router.get("/v1/models/**", use: models.get)
        let chat = DialectRoute(service: service, dialect: ChatDialect())
        router.post("/v1/chat/completions", use: chat.handle)
        let responses = DialectRoute(
            service: service, dialect: ResponsesDialect(storing: service.responses != nil),
            keeping: ResponsesKeeping(archive: service.responses))
        router.post("/v1/responses", use: responses.handle)
        let stored = StoredResponsesRoute(archive: service.responses)
        router.get("/v1/responses/:id", use: stored.get)
        router.delete("/v1/responses/:id", use: stored.delete)
        let messages = DialectRoute(service: service, dialect: MessagesDialect())
        router.post("/v1/messages", use: messages.handle)
        let countTokens = DialectRoute(service: service, dialect: MessagesDialect(operation: .countTokens))
        router.post("/v1/messages/count_tokens", use: countTokens.handle)
        router.post("/v1/completions", use: DialectRoute(service: service, dialect: CompletionsDialect()).handle)
        if let control {
            let admin = AdminRoutes(service: service, control: control)
            router.get("/admin/events", use: admin.events)
            router.post("/admin/reload", use: admin.reload)
            router.post("/admin/refresh", use: admin.refresh)
        }

        let notFound: @Sendable (Request, ProxyRequestContext) async throws -> Response = { request, _ in
            throw UnsupportedRoute.error(path: request.uri.path, method: request.method.rawValue)
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("/v1/**", method: method, use: notFound)
            router.on("/**", method: method, use: notFound)
        }

        let logger = service.logger
        let descriptors = DescriptorLimit.current
        let gate = ConnectionGate(limit: ConnectionLimits.effective(configured: settings.maxConnections, descriptorLimit: descriptors))
        if let configured = settings.maxConnections, configured > gate.limit {
            logger.warning(
                "limits.maxConnections \(configured) is more than \(descriptors) open files allow; serving at most \(gate.limit) (raise LimitNOFILE for more)")
        }
        return Application(
            router: router,
            server: ProxyHTTPChannel.builder(gate: gate, timeouts: settings.timeouts),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                logger.debug("serving at most \(gate.limit) client connections at once (limits.maxConnections)")
                await AcceptErrorLogger.install(on: channel, logger: logger)
                await onServerRunning(channel.localAddress?.port ?? settings.port)
            },
            logger: logger
        )
    }
}

/// The 404 for a route the proxy does not serve, saying what it does serve. The path is the
/// client's and may be huge: it is echoed cut short.
enum UnsupportedRoute {
    static func error(path: String, method: String) -> ProxyError {
        if path.hasPrefix("/v1/embeddings") {
            return ProxyError(
                kind: .notFound, status: 404,
                message: "Embeddings are not available: Claude has no embeddings model. Use a dedicated embeddings service.",
                code: "unsupported_endpoint")
        }
        return ProxyError(
            kind: .notFound, status: 404,
            message: "Unknown route \(Redactor.truncate(method, limit: 20)) \(Redactor.truncate(path)). This proxy serves "
                + "POST /v1/chat/completions, POST /v1/responses, GET and DELETE /v1/responses/{id}, "
                + "POST /v1/completions, POST /v1/messages, "
                + "POST /v1/messages/count_tokens, GET /v1/models, GET /v1/models/{id} and GET /health.",
            code: "unknown_url")
    }
}
