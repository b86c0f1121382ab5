import NIOCore
import NIOHTTP1
import ProxyCore

/// Sits between NIO's HTTP/1 codec and the HTTP-types conversion, where the request's HTTP
/// version and the parser's errors are still visible (Hummingbird's pipeline drops both: every
/// answer goes out as HTTP/1.1, and a parse error gets an empty 400).
///
/// It answers HTTP/1.0 clients in HTTP/1.0 terms and turns parser errors (oversized or too many
/// headers, a malformed request line) into the OpenAI JSON error every other failure gets,
/// following `HTTP1ExchangeStateMachine`.
final class HTTP1ExchangeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var state = HTTP1ExchangeStateMachine()
    private var postponedError: HTTPParserError?
    /// The decoder's limits, quoted in the answer to an oversized head.
    private let headerLimits: (bytes: Int, fields: Int)

    init(maxHeaderBytes: Int, maxHeaderFields: Int) {
        headerLimits = (maxHeaderBytes, maxHeaderFields)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            state.receivedHead(isHTTP10: head.version.major == 1 && head.version.minor == 0, keepAlive: head.isKeepAlive)
        case .body:
            break
        case .end:
            state.receivedEnd()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            switch state.writingResponseHead(hasContentLength: head.headers.contains(name: "content-length")) {
            case .passThrough:
                context.write(data, promise: promise)
            case .frameAsHTTP10(let keepAlive):
                head.version = .http1_0
                head.headers.remove(name: "transfer-encoding")
                head.headers.replaceOrAdd(name: "connection", value: keepAlive ? "keep-alive" : "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
            }
        case .head, .body:
            context.write(data, promise: promise)
        case .end:
            switch state.writingResponseEnd() {
            case .passThrough:
                context.write(data, promise: promise)
            case .closeAfterWrite:
                writeThenClose(context: context, data, promise: promise)
            case .writeParseErrorThenClose:
                context.write(data, promise: promise)
                respond(to: postponedError ?? .unknown, context: context)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        switch state.parseErrorCaught() {
        case .propagate:
            context.fireErrorCaught(error)
        case .respondAndClose:
            respond(to: parserError, context: context)
        case .respondAfterCurrentResponses:
            postponedError = parserError
        }
    }

    private func respond(to error: HTTPParserError, context: ChannelHandlerContext) {
        let body = OpenAIErrorBody.bytes(for: Self.proxyError(for: error, limits: headerLimits))
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.count))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        // The client may still be sending (the rest of an oversized head): closing outright with
        // unread input makes the kernel answer with a reset that can destroy the 400 before the
        // client reads it. Half-close instead, and close fully when the client does or after a grace.
        let written = context.eventLoop.makePromise(of: Void.self)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in
            let context = boundContext.value
            context.close(mode: .output, promise: nil)
            context.eventLoop.scheduleTask(in: Self.lingerTime) { boundContext.value.close(promise: nil) }
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
    }

    /// How long a connection whose request could not be parsed may keep sending before it is closed.
    static let lingerTime = TimeAmount.seconds(5)

    /// Closes only once the bytes are out: closing at once would drop what the socket has not sent yet.
    private func writeThenClose(context: ChannelHandlerContext, _ data: NIOAny, promise: EventLoopPromise<Void>?) {
        let written = context.eventLoop.makePromise(of: Void.self)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in boundContext.value.close(promise: nil) }
        written.futureResult.cascade(to: promise)
        context.writeAndFlush(data, promise: written)
    }

    static func proxyError(for error: HTTPParserError, limits: (bytes: Int, fields: Int)) -> ProxyError {
        if case .headerOverflow = error {
            return ProxyError(
                kind: .invalidRequest, status: 400,
                message: "The request headers are too large: at most \(limits.fields) header fields and "
                    + "\(limits.bytes / 1024) KiB of headers are accepted.",
                code: "request_headers_too_large")
        }
        return ProxyError(
            kind: .invalidRequest, status: 400,
            message: "The request is not valid HTTP/1.1 (\(error.debugDescription)).",
            code: "malformed_http_request")
    }
}
