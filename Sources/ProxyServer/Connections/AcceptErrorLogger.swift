#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore

/// On the listening socket, ahead of NIO's `AcceptBackoffHandler` (which pauses accepting for a
/// second after EMFILE/ENFILE): says once that descriptors ran out, and once that accepting
/// works again, instead of a line per failed accept or nothing at all.
final class AcceptErrorLogger: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let logger: Logger
    private var exhausted = false

    init(logger: Logger) {
        self.logger = logger
    }

    /// Puts a logger first on `serverChannel`'s pipeline.
    static func install(on serverChannel: any Channel, logger: Logger) async {
        try? await serverChannel.eventLoop.submit {
            try serverChannel.pipeline.syncOperations.addHandler(AcceptErrorLogger(logger: logger), position: .first)
        }.get()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if exhausted {
            exhausted = false
            logger.notice("accepting connections again (file descriptors available)")
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? IOError, error.errnoCode == EMFILE || error.errnoCode == ENFILE, !exhausted {
            exhausted = true
            let name = error.errnoCode == EMFILE ? "EMFILE" : "ENFILE"
            logger.warning(
                "out of file descriptors (\(name)): new connections wait while the open ones are served; lower limits.maxConnections or raise LimitNOFILE")
        }
        context.fireErrorCaught(error)
    }
}
