import NIOCore
import NIOHTTPTypes

/// Closes a fake connection whose client closed its side, so that its close future — which the
/// `hang` scenario waits on — reports a client that gave up (Hummingbird keeps half-closed
/// connections open otherwise).
final class FakeHangUpCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
