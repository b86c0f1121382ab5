import NIOCore

/// Answers a connection beyond `limits.maxConnections` with a 503 JSON error and closes it,
/// without reading its request: the client learns why, and the proxy spends one descriptor
/// for at most `linger`.
final class ConnectionRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    static let linger: TimeAmount = .milliseconds(500)

    static func response(limit: Int) -> String {
        let body =
            #"{"error":{"message":"claude-proxy is serving its maximum of \#(limit) connections (limits.maxConnections); retry shortly.","type":"service_unavailable","param":null,"code":"too_many_connections"}}"#
        return "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n"
            + "connection: close\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    private let response: String
    private var answered = false

    init(limit: Int) {
        response = Self.response(limit: limit)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        answer(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The request is not read: the answer does not depend on it.
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        let channel = context.channel
        // Closing only our side first lets the client read the answer before the connection
        // goes; a full close with its request unread would reset the connection and lose it.
        context.writeAndFlush(NIOAny(ByteBuffer(string: response))).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) {
            channel.close(promise: nil)
        }
    }
}
