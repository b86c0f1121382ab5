import NIOCore

/// First in a client connection's pipeline: notes arriving bytes for the read timeout (a
/// request head that never completes produces no HTTP part to notice it by) and reports the
/// client going away — its side closed or the connection reset — to `ClientHangUp`.
final class ClientConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let monitor: ClientTimeoutMonitor
    private let hangUp: ClientHangUp

    init(monitor: ClientTimeoutMonitor, hangUp: ClientHangUp) {
        self.monitor = monitor
        self.hangUp = hangUp
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { monitor.start() }
    }

    func channelActive(context: ChannelHandlerContext) {
        monitor.start()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        monitor.bytesArrived()
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { hangUp.signal() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        monitor.stop()
        hangUp.signal()
        context.fireChannelInactive()
    }
}
