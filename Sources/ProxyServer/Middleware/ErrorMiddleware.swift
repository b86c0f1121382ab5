import HTTPTypes
import Hummingbird
import ProxyCore

/// Turns anything thrown by a route into a JSON error in the client's dialect (Anthropic's on
/// `/v1/messages`, OpenAI's elsewhere): never an empty body.
///
/// Being outermost, it also publishes the `/v1` requests refused before any route tracked them
/// (a 401 from the key check, a 404 route, a 400 body) as an accepted-and-failed pair, so the
/// dashboard counts and lists them like every other request, and records them in the ledger; a
/// tracked request that ended in a thrown error gets its ledger row here, with the status sent.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext
    let hub: EventHub?
    let ledger: LedgerRecorder?
    /// Counts the refused `/v1` requests in `claude_proxy_requests_total`.
    let metrics: ProxyMetrics?

    init(hub: EventHub? = nil, ledger: LedgerRecorder? = nil, metrics: ProxyMetrics? = nil) {
        self.hub = hub
        self.ledger = ledger
        self.metrics = metrics
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let refusal: ProxyError
        do {
            return try await next(request, context)
        } catch let thrown as ShapedError {
            publishRefusal(thrown.error, request: request, context: context, since: started)
            return try thrown.response(from: request, context: context)
        } catch let thrown as ProxyError {
            refusal = thrown
        } catch let thrown as HTTPError {
            let status = Int(thrown.status.code)
            let kind: ProxyError.Kind =
                switch status {
                case 404: .notFound
                case 413: .requestTooLarge
                case 401: .authentication
                default: status >= 500 ? .upstream : .invalidRequest
                }
            let message =
                status == 413
                ? "The request body is larger than this proxy accepts (limits.maxBodyBytes)."
                : thrown.body ?? thrown.status.reasonPhrase
            refusal = ProxyError(kind: kind, status: status, message: message)
        } catch {
            context.logger.error("unhandled error: \(error)")
            refusal = ProxyError(kind: .upstream, status: 500, message: "Internal proxy error: \(error)", code: "internal_error")
        }
        publishRefusal(refusal, request: request, context: context, since: started)
        return try ShapedError(error: refusal, shape: ErrorShape.forPath(request.uri.path))
            .response(from: request, context: context)
    }

    private func publishRefusal(_ error: ProxyError, request: Request, context: Context, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let durationMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let errorType = error.code ?? error.kind.rawValue
        if context.tracking.isTracked {
            context.tracking.ledger?.end(status: error.status, errorType: errorType, usage: Usage(), latencyMs: durationMs)
            context.tracking.metrics?.end(status: error.status)
            return
        }
        guard Self.isAPIPath(request.uri.path) else { return }
        metrics?.handles(route: Self.metricsRoute(request.uri.path), model: ProxyMetrics.noModelLabel)
            .ended(status: error.status, elapsed: elapsed, usage: Usage())
        guard hub != nil || ledger != nil else { return }
        let path = request.uri.path
        let info = RequestInfo(
            requestID: RequestTracker.makeID(), client: context.clientName ?? context.remoteAddress,
            route: Self.route(path), requestedModel: context.tracking.requestedModel.map { String($0.prefix(120)) } ?? "",
            upstreamModel: "", upstream: "", stream: false)
        ledger?.record(
            LedgerDraft.record(
                info: info, attempts: 0, upstream: nil, ttftMs: nil, status: error.status, errorType: errorType,
                usage: Usage(), latencyMs: durationMs, prices: ModelPrices()))
        guard let hub else { return }
        hub.publish(.requestAccepted(info))
        hub.publish(
            .failed(
                RequestFailure(
                    requestID: info.requestID, status: error.status, errorType: errorType, message: error.message,
                    upstreamRequestID: nil, durationMs: durationMs)))
    }

    /// The dialect a refused request was addressed to, as a served one names it; else its path.
    static func route(_ path: String) -> String {
        switch path {
        case "/v1/chat/completions": "chat"
        case "/v1/responses": "responses"
        case "/v1/messages": "messages"
        case "/v1/messages/count_tokens": "count_tokens"
        case "/v1/completions": "completions"
        default: String(path.prefix(80))
        }
    }

    /// The route label of a refused request: a served route's name, else `other` (a client's
    /// made-up path must not become a label).
    static func metricsRoute(_ path: String) -> String {
        let route = route(path)
        return route.hasPrefix("/") ? "other" : route
    }

    /// `/v1` and below, however many slashes separate the segments (the router matches them all).
    static func isAPIPath(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return segments.first?.lowercased() == "v1"
    }
}
