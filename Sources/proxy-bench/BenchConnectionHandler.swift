import NIOCore

/// One keep-alive client connection that sends the same request again as soon as the previous
/// answer has ended (a closed loop), until a deadline or a request count, timing each answer.
///
/// Everything runs on the channel's event loop with no allocation per request beyond the
/// recorded sample, so the generator costs as little CPU as possible on a shared machine.
final class BenchConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// The timings of one answered request, in nanoseconds from sending it.
    struct Sample: Sendable {
        var firstBodyByte: UInt64
        var total: UInt64
    }

    /// What one connection did, handed back when it closes.
    struct Outcome: Sendable {
        var samples: [Sample] = []
        var errors = 0
        var lastError: String?
    }

    private let request: ByteBuffer
    private let stopAt: NIODeadline
    private let maxRequests: Int
    private let done: EventLoopPromise<Outcome>
    private var firstByte: EventLoopPromise<Void>?

    private var parser = HTTPResponseParser()
    private var outcome = Outcome()
    private var sentAt: UInt64 = 0
    private var firstBodyAt: UInt64 = 0
    private var sent = 0
    private var inFlight = false

    /// - Parameters:
    ///   - firstByte: completed when the first body byte of the first answer arrives (the
    ///     open-streams probe waits on it before measuring memory).
    init(
        request: ByteBuffer, stopAt: NIODeadline, maxRequests: Int, done: EventLoopPromise<Outcome>,
        firstByte: EventLoopPromise<Void>? = nil
    ) {
        self.request = request
        self.stopAt = stopAt
        self.maxRequests = maxRequests
        self.done = done
        self.firstByte = firstByte
        outcome.samples.reserveCapacity(min(maxRequests, 4096))
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            let progress = try buffer.withUnsafeReadableBytes { try parser.feed($0) }
            if progress.bodyBytes > 0 && firstBodyAt == 0 {
                firstBodyAt = NIODeadline.now().uptimeNanoseconds
                firstByte?.succeed()
                firstByte = nil
            }
            if progress.finished { finishResponse(context: context) }
        } catch {
            fail(context: context, reason: "\(error)")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if inFlight { outcome.errors += 1 }
        firstByte?.fail(ChannelError.ioOnClosedChannel)
        firstByte = nil
        done.succeed(outcome)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(context: context, reason: "\(error)")
    }

    private func finishResponse(context: ChannelHandlerContext) {
        let now = NIODeadline.now().uptimeNanoseconds
        inFlight = false
        if (200..<300).contains(parser.status) {
            let first = firstBodyAt == 0 ? now : firstBodyAt
            outcome.samples.append(Sample(firstBodyByte: first - sentAt, total: now - sentAt))
        } else {
            outcome.errors += 1
            outcome.lastError = "HTTP \(parser.status)"
        }
        parser.reset()
        sendNext(context: context)
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard sent < maxRequests, NIODeadline.now() < stopAt else {
            context.close(promise: nil)
            return
        }
        sent += 1
        inFlight = true
        firstBodyAt = 0
        sentAt = NIODeadline.now().uptimeNanoseconds
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    private func fail(context: ChannelHandlerContext, reason: String) {
        outcome.lastError = reason
        context.close(promise: nil)
    }

    typealias OutboundOut = ByteBuffer
}
