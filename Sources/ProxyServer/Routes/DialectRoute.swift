import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// The one request pipeline every dialect runs on (`POST /v1/chat/completions`, `POST
/// /v1/responses`): read and translate the body (off the event loop when big), send it upstream
/// with retries and failover, translate the answer back — as one JSON body or as a stream —
/// publishing the request's events on the way.
struct DialectRoute<D: Dialect>: Sendable {
    let service: ProxyService
    let dialect: D
    /// The Responses store's part (`POST /v1/responses` only): history in, responses kept.
    var keeping: ResponsesKeeping? = nil

    func handle(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let snapshot = service.snapshot(for: context)
        let settings = snapshot.settings
        let budgets = service.budgets
        let tracker = RequestTracker(
            hub: service.hub, logger: service.logger, tracking: context.tracking, ledger: service.ledger,
            prices: settings.prices, budget: budgets.isEmpty ? nil : BudgetSlot(prices: settings.prices),
            metrics: service.metrics)
        let client = context.clientName ?? context.remoteAddress
        // A refusal thrown here is published as a failed row by ErrorMiddleware (context.tracking).
        let buffer = try await RequestBodyReader.collect(request, limit: settings.maxBodyBytes)
        let catalog = snapshot.catalog
        let tracking = context.tracking
        let dialect = dialect
        let parse = { @Sendable () throws -> (JSONValue, ModelCatalog.Resolution) in
            let body = try RequestBodyReader.parse(buffer)
            guard body.objectValue != nil else {
                throw ProxyError(kind: .invalidRequest, status: 400, message: "The request body must be a JSON object.")
            }
            let modelName = try FieldReader(body).requiredString("model")
            tracking.requestedModel = modelName
            return (body, try catalog.resolve(modelName).get())
        }
        let translate = { @Sendable (body: JSONValue, resolution: ModelCatalog.Resolution, history: [JSONValue]) throws in
            var context = TranslationContext(
                model: resolution, identity: settings.identity, promptCaching: settings.promptCaching,
                fallbackMaxTokens: settings.defaultMaxTokens)
            context.history = history
            return try dialect.translate(body, context: context)
        }
        let body: JSONValue
        let translated: TranslatedRequest
        if let keeping {
            // The stored conversation is read between parsing and translating.
            let (parsed, resolution) = try await OffloadedWork.run(bytes: buffer.readableBytes, parse)
            let (prepared, history) = try await keeping.prepare(parsed)
            body = prepared
            translated = try await OffloadedWork.run(bytes: buffer.readableBytes) {
                try translate(prepared, resolution, history)
            }
        } else {
            (body, translated) = try await OffloadedWork.run(bytes: buffer.readableBytes) {
                let (body, resolution) = try parse()
                return (body, try translate(body, resolution, []))
            }
        }

        let pool = snapshot.pool
        tracker.accepted(
            RequestInfo(
                requestID: tracker.requestID, client: client, route: dialect.name, requestedModel: translated.model.requested,
                upstreamModel: translated.model.upstreamID, upstream: pool.targets[0].upstream.name, stream: translated.stream),
            modelLabel: catalog.metricsLabel(for: translated.model))
        if service.hub.hasSubscribers {
            tracker.inspection(
                InspectionBuilder.make(
                    requestID: tracker.requestID, request: request, clientBody: body, translated: translated,
                    settings: settings, listenURL: "http://\(settings.host):\(settings.port)"))
        }

        if let slot = tracker.budget {
            do {
                let model = translated.model.upstreamID
                let price = settings.prices.price(for: model)
                let estimate = BudgetEstimate.usd(
                    bodyBytes: buffer.readableBytes, maxTokens: translated.body["max_tokens"]?.intValue ?? 0,
                    inputPerMTok: price?.inputPerMTok ?? 0, outputPerMTok: price?.outputPerMTok ?? 0)
                if let claim = try budgets.admit(client: client, estimateUSD: estimate, model: model, priced: price != nil) {
                    slot.hold(claim, model: model)
                }
            } catch {
                tracker.failed(error)
                throw ShapedError(error: error, shape: dialect.errorShape)
            }
        }

        let sender = UpstreamSender(
            client: service.client, pool: pool, settings: settings, logger: context.logger, tracker: tracker, hub: service.hub)
        let identity = dialect.identity(created: Int(Date().timeIntervalSince1970))
        let forwarded = dialect.forwardedHeaders.flatMap { name in
            HTTPField.Name(name).map { field in request.headers[values: field].map { (name, $0) } } ?? []
        }
        switch await sender.send(
            body: translated.body, stream: translated.stream, operation: dialect.operation, clientHeaders: forwarded) {
        case .failure(let error, let headers):
            tracker.failed(error)
            let mapped = RateLimitHeaders.openAI(from: headers, now: Int(Date().timeIntervalSince1970))
            throw ShapedError(error: error, shape: dialect.errorShape, extraHeaders: mapped)
        case .success(let upstream, _):
            let headers = responseHeaders(upstream, stream: translated.stream)
            if translated.stream {
                let translator = dialect.streamTranslator(
                    for: translated, identity: identity, observing: service.hub.hasSubscribers)
                var responder = StreamResponder(translator: translator, tracker: tracker, client: service.client)
                if let keeping, translated.responses?.store == true {
                    responder.beforeLastWrite = { finished in await keeping.finish(stream: finished, request: translated) }
                }
                return responder.response(upstream, headers: headers)
            }
            do {
                return try await completeResponse(
                    upstream, translated: translated, identity: identity, headers: headers, tracker: tracker)
            } catch let error as ProxyError {
                tracker.failed(error)
                throw ShapedError(error: error, shape: dialect.errorShape)
            } catch where service.client.isAborted {
                tracker.failed(.shuttingDown)
                throw ProxyError.shuttingDown
            } catch where Task.isCancelled {
                tracker.clientDisconnected()
                throw CancellationError()
            }
        }
    }

    private func responseHeaders(_ upstream: UpstreamResponse, stream: Bool) -> HTTPFields {
        var headers = HTTPFields()
        headers.reserveCapacity(16)
        headers[.contentType] = stream ? "text/event-stream" : "application/json"
        if stream {
            headers[.cacheControl] = "no-cache"
            headers[.xAccelBuffering] = "no"
        }
        if let id = upstream.requestID {
            headers[.xRequestID] = id
            if dialect.errorShape == .anthropic { headers[.requestID] = id }
        }
        RateLimitHeaders.forEachOpenAI(from: upstream.headers, now: Int(Date().timeIntervalSince1970)) { name, value in
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return headers
    }

    private func completeResponse(
        _ upstream: UpstreamResponse, translated: TranslatedRequest, identity: ResponseIdentity, headers: HTTPFields,
        tracker: RequestTracker
    ) async throws -> Response {
        let bytes = try await upstream.collect(limit: 256 << 20)
        guard let message = try? JSONParser.parse(bytes) else {
            throw ProxyError(
                kind: .upstream, status: 502, message: "The upstream answered with a body that is not JSON.",
                code: "upstream_invalid_response", upstreamRequestID: upstream.requestID)
        }
        var answer = dialect.response(to: message, for: translated, identity: identity)
        if let keeping { answer = await keeping.finish(answer, request: translated) }
        var usage = Usage()
        usage.merge(message["usage"])
        let text = (message["content"]?.arrayValue ?? []).compactMap { block in
            block["type"]?.stringValue == "text" ? block["text"]?.stringValue : nil
        }.joined()
        if !text.isEmpty { tracker.observe([.text(text)]) }
        let stopReason = message["stop_reason"]?.stringValue
        tracker.finished(
            stopReason: stopReason, finishReason: FinishReason.openAI(stopReason), usage: usage,
            upstreamRequestID: upstream.requestID)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(answer))))
    }
}
