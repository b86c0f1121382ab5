import Foundation
import Hummingbird
import Synchronization

/// One request as a fake server received it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    /// Lower-cased names; repeated headers joined with ", ".
    var headers: [String: String]
    var body: [UInt8]

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What a fake server answers.
struct FakeReply: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: String

    static func json(_ body: String, status: Int = 200) -> FakeReply {
        FakeReply(status: status, headers: [("content-type", "application/json")], body: body)
    }
}

/// A tiny HTTP server on 127.0.0.1 (port 0) that records every request and answers through a
/// closure; stands in for the Anthropic and Google token endpoints and the metadata server.
final class FakeHTTPServer: Sendable {
    typealias Handler = @Sendable (_ request: RecordedRequest, _ number: Int) async -> FakeReply

    let port: Int
    private let recorded: Mutex<[RecordedRequest]>
    private let task: Mutex<Task<Void, any Error>?>

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [RecordedRequest] { recorded.withLock { $0 } }
    var requestCount: Int { recorded.withLock { $0.count } }

    private init(port: Int) {
        self.port = port
        self.recorded = Mutex([])
        self.task = Mutex(nil)
    }

    static func start(_ handler: @escaping Handler) async throws -> FakeHTTPServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let box = ServerBox()
        let responder = ClosureResponder(handler: handler, box: box)
        var app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        app.logger.logLevel = .critical
        let runTask = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let server = FakeHTTPServer(port: port)
        box.server.withLock { $0 = server }
        server.task.withLock { $0 = runTask }
        return server
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = await running?.result
    }

    fileprivate func record(_ request: RecordedRequest) -> Int {
        recorded.withLock {
            $0.append(request)
            return $0.count
        }
    }
}

private final class ServerBox: Sendable {
    let server = Mutex<FakeHTTPServer?>(nil)
}

private struct ClosureResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let handler: FakeHTTPServer.Handler
    let box: ServerBox

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let recorded = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers,
            body: Array(buffer.readableBytesView))
        let number = box.server.withLock { $0 }?.record(recorded) ?? 0
        let reply = await handler(recorded, number)
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let fieldName = HTTPFields.Element.Name(name) { fields[fieldName] = value }
        }
        return Response(
            status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
