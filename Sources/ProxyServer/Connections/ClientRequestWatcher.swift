import NIOCore
import NIOHTTPTypes

/// Tells a connection's `ClientTimeoutMonitor` where requests and responses begin and end,
/// from between the HTTP codec and Hummingbird's handlers.
final class ClientRequestWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let monitor: ClientTimeoutMonitor

    init(monitor: ClientTimeoutMonitor) {
        self.monitor = monitor
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: monitor.requestHeadRead()
        case .end: monitor.requestEndRead()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { monitor.responseEndWritten() }
        context.write(data, promise: promise)
    }
}
