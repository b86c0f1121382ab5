import Hummingbird
import NIOCore

/// Routes every HTTP request of a ``FakeAnthropic``: records it, checks the headers the real
/// API requires, and dispatches to the endpoint handlers. Errors become Anthropic-shaped bodies.
struct FakeResponder: HTTPResponder {
    typealias Context = FakeRequestContext

    /// Real API limit for Messages bodies.
    static let maxBodySize = 32 * 1024 * 1024

    let fake: FakeAnthropic
    let planner: ReplyPlanner

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/_fake/") || path == "/_fake" {
            return await FakeIntrospection.respond(method: request.method, path: path, fake: fake)
        }
        if FakeGoogleMetadata.handles(path) {
            return await FakeGoogleMetadata.respond(request, fake: fake)
        }
        var request = request
        var bodyError: FakeAPIError?
        var bytes: [UInt8] = []
        do {
            let buffer = try await request.collectBody(upTo: Self.maxBodySize)
            bytes = Array(buffer.readableBytesView)
        } catch {
            bodyError = .tooLarge()
        }
        let number = await fake.admit(Self.record(request, body: bytes))
        let requestID = "req_fake_\(number)"
        do throws(FakeAPIError) {
            if let bodyError { throw bodyError }
            return try await route(request, path: path, body: bytes, number: number, requestID: requestID, channel: context.channel)
        } catch {
            return error.response(requestID: requestID)
        }
    }

    private func route(
        _ request: Request, path: String, body: [UInt8], number: Int, requestID: String, channel: any Channel
    ) async throws(FakeAPIError) -> Response {
        let method = request.method
        if FakeBedrock.handles(path) {
            return await FakeBedrock(fake: fake, planner: planner).respond(request, path: path, body: body, number: number)
        }
        if let vertex = VertexPath(path) {
            return try await self.vertex(vertex, request, body: body, number: number, requestID: requestID, channel: channel)
        }
        let known = path == "/v1/messages" || path == "/v1/messages/count_tokens" || path.hasPrefix("/v1/models")
        guard known else { throw .notFound("Not found: \(method.rawValue) \(path)") }
        try Self.checkHeaders(request.headers)
        switch (method, path) {
        case (.post, "/v1/messages"):
            return try await messages(body: body, number: number, requestID: requestID, channel: channel)
        case (.post, "/v1/messages/count_tokens"):
            let parsed = try MessageValidator.validate(body: body, endpoint: .countTokens)
            return Self.json("{\"input_tokens\":\(parsed.inputTokenEstimate)}", requestID: requestID)
        case (.get, "/v1/models"):
            return Self.json(try ModelsEndpoint.list(query: request.uri.query), requestID: requestID)
        case (.get, _) where path.hasPrefix("/v1/models/"):
            let id = String(path.dropFirst("/v1/models/".count))
            return Self.json(try ModelsEndpoint.model(id: id), requestID: requestID)
        default:
            throw FakeAPIError(status: .methodNotAllowed, type: "invalid_request_error", message: "Method Not Allowed")
        }
    }

    /// A Vertex prediction or token count: a token the fake issued, Vertex's body rules, then the
    /// first-party handlers (upstreams.md §4.3).
    private func vertex(
        _ vertex: VertexPath, _ request: Request, body: [UInt8], number: Int, requestID: String, channel: any Channel
    ) async throws(FakeAPIError) -> Response {
        guard request.method == .post else {
            throw FakeAPIError(status: .methodNotAllowed, type: "invalid_request_error", message: "Method Not Allowed")
        }
        let authorization = request.headers[.authorization] ?? ""
        guard authorization.hasPrefix("Bearer "), await fake.acceptsGoogleToken(String(authorization.dropFirst(7))) else {
            return FakeGoogleMetadata.unauthenticated()
        }
        let firstParty = try vertex.firstPartyBody(body)
        if vertex.method == .countTokens {
            let parsed = try MessageValidator.validate(body: firstParty, endpoint: .countTokens)
            return Self.json("{\"input_tokens\":\(parsed.inputTokenEstimate)}", requestID: requestID)
        }
        return try await messages(body: firstParty, number: number, requestID: requestID, channel: channel)
    }

    private func messages(
        body: [UInt8], number: Int, requestID: String, channel: any Channel
    ) async throws(FakeAPIError) -> Response {
        let parsed = try MessageValidator.validate(body: body, endpoint: .messages)
        let scenario = Scenario.find(in: parsed.lastUserText)
        if scenario?.name == "hang" {
            // Never answers, not even the head: counted as a stream, cancelled when the client
            // (the proxy) closes the connection.
            await fake.streamStarted()
            try? await channel.closeFuture.get()
            await fake.streamEnded(completed: false)
            throw .overloaded()
        }
        var occurrence = 0
        if let scenario { occurrence = await fake.noteMarker(scenario.marker) }
        let plan = try planner.plan(for: parsed, scenario: scenario, occurrence: occurrence).get()
        let messageID = "msg_fake_\(number)"
        if parsed.stream {
            let frames = SSEEncoder.frames(for: plan, messageID: messageID, model: parsed.modelID)
            var headers = FakeHeaders.standard(requestID: requestID, contentType: "text/event-stream; charset=utf-8")
            headers[FakeHeaders.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: SSEStreamBody.make(frames: frames, fake: fake))
        }
        return Self.json(MessageEncoder.message(plan: plan, messageID: messageID, model: parsed.modelID), requestID: requestID)
    }

    /// Authentication (`x-api-key` or `authorization: Bearer …`) then `anthropic-version`.
    private static func checkHeaders(_ headers: HTTPFields) throws(FakeAPIError) {
        let apiKey = headers[FakeHeaders.apiKey] ?? ""
        let authorization = headers[.authorization] ?? ""
        let bearer = authorization.lowercased().hasPrefix("bearer ") && authorization.count > 7
        if apiKey.isEmpty && !bearer {
            throw .authentication("x-api-key header is required")
        }
        if (headers[FakeHeaders.anthropicVersion] ?? "").isEmpty {
            throw .invalidRequest("anthropic-version: header is required")
        }
    }

    private static func json(_ body: String, requestID: String) -> Response {
        Response(
            status: .ok,
            headers: FakeHeaders.standard(requestID: requestID, contentType: "application/json"),
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    private static func record(_ request: Request, body: [UInt8]) -> FakeRecordedRequest {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            if let existing = headers[name] {
                headers[name] = existing + ", " + field.value
            } else {
                headers[name] = field.value
            }
        }
        return FakeRecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
            headers: headers, body: body
        )
    }
}
