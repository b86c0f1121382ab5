import HTTPTypes
import Foundation
import Hummingbird
import NIOCore
import ProxyCore

/// `POST /v1/chat/completions`: translate, send upstream with retries, translate back —
/// as one JSON body or as a stream of chunks.
struct ChatCompletionsRoute: Sendable {
    let service: ProxyService

    func handle(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let settings = service.settings.snapshot
        let body = try await RequestBodyReader.json(request, limit: settings.maxBodyBytes)
        guard body.objectValue != nil else {
            throw ProxyError(kind: .invalidRequest, status: 400, message: "The request body must be a JSON object.")
        }
        let modelName = try FieldReader(body).requiredString("model")
        let resolution = try service.catalog.snapshot.resolve(modelName).get()
        let translated = try ChatRequestTranslator.translate(
            body,
            context: TranslationContext(
                model: resolution, identity: settings.identity, promptCaching: settings.promptCaching,
                fallbackMaxTokens: settings.defaultMaxTokens))
        for note in translated.notes {
            context.logger.debug("translation: \(note)", metadata: ["model": "\(resolution.upstreamID)"])
        }

        let sender = RetryingSender(client: service.client, settings: settings, logger: context.logger)
        switch await sender.send(path: "/v1/messages", body: translated.bodyBytes, stream: translated.stream) {
        case .failure(let error, let headers, _):
            let mapped = RateLimitHeaders.openAI(from: headers, now: Int(Date().timeIntervalSince1970))
            return ErrorResponse.make(error, extraHeaders: mapped)
        case .success(let upstream, _):
            let headers = responseHeaders(upstream, contentType: translated.stream ? "text/event-stream" : "application/json")
            if translated.stream {
                return streamingResponse(upstream, translated: translated, request: request, headers: headers)
            }
            return try await completeResponse(upstream, translated: translated, headers: headers)
        }
    }

    private func responseHeaders(_ upstream: UpstreamResponse, contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        if contentType == "text/event-stream" {
            headers[.cacheControl] = "no-cache"
            headers[HTTPField.Name("x-accel-buffering")!] = "no"
        }
        if let id = upstream.requestID { headers[HTTPField.Name("x-request-id")!] = id }
        for (name, value) in RateLimitHeaders.openAI(from: upstream.headers, now: Int(Date().timeIntervalSince1970)) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return headers
    }

    private func completeResponse(_ upstream: UpstreamResponse, translated: TranslatedRequest, headers: HTTPFields)
        async throws -> Response
    {
        let bytes = try await upstream.collect(limit: 256 << 20)
        guard let message = try? JSONParser.parse(bytes) else {
            throw ProxyError(
                kind: .upstream, status: 502, message: "The upstream answered with a body that is not JSON.",
                code: "upstream_invalid_response", upstreamRequestID: upstream.requestID)
        }
        let completion = ChatResponseTranslator.translate(
            message, model: translated.model.upstreamID, created: Int(Date().timeIntervalSince1970),
            responseFormatTool: translated.responseFormatTool)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(completion))))
    }

    private func streamingResponse(
        _ upstream: UpstreamResponse, translated: TranslatedRequest, request: Request, headers: HTTPFields
    ) -> Response {
        let model = translated.model.upstreamID
        let responseFormatTool = translated.responseFormatTool
        let body = ResponseBody { writer in
            var translator = ChatStreamTranslator(
                model: model, created: Int(Date().timeIntervalSince1970), responseFormatTool: responseFormatTool)
            var decoder = SSEDecoder()
            var upstreamBytes = upstream.body.makeAsyncIterator()
            while !translator.isFinished {
                let buffer: ByteBuffer?
                do {
                    buffer = try await upstreamBytes.next()
                } catch {
                    // The upstream failed mid-stream (idle timeout, reset): tell the client properly.
                    if Task.isCancelled { throw CancellationError() }
                    break
                }
                guard let buffer else { break }
                let events = buffer.withUnsafeReadableBytes { decoder.feed($0) }
                var output: [UInt8] = []
                for event in events {
                    output.append(contentsOf: translator.handle(event).bytes)
                    if translator.isFinished { break }
                }
                // A client that went away makes this write fail; leaving here drops the upstream
                // body, which cancels the upstream request and closes its connection.
                if !output.isEmpty { try await writer.write(ByteBuffer(bytes: output)) }
            }
            if !translator.isFinished {
                try await writer.write(ByteBuffer(bytes: translator.upstreamEnded().bytes))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
