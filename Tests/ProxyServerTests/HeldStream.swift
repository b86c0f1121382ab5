import NIOCore
import NIOPosix

/// A streaming chat request over a bare socket that is held open: sent, read until its first
/// chunk (or the end of an answer that is not a stream), then kept until `close()`. Cheap enough
/// to hold hundreds at once, and closing it is a client hanging up mid-stream.
struct HeldStream: Sendable {
    let channel: Channel
    /// Everything received up to the first chunk (or up to the end, for a refused request).
    let head: String

    var status: Int? { head.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } }

    /// Sends `body` to `POST path` and waits until `marker` arrived (by default the first chunk).
    static func open(
        port: Int, path: String = "/v1/chat/completions", body: String, until marker: String = "data: "
    ) async throws -> HeldStream {
        let (channel, received) = try await send(port: port, path: path, body: body, until: marker)
        return HeldStream(channel: channel, head: try await received.get())
    }

    /// Sends the request and returns at once: the channel, and what will have been received once
    /// `marker` arrived, a whole JSON answer came in, or the connection closed.
    static func send(
        port: Int, path: String = "/v1/chat/completions", body: String, until marker: String = "data: "
    ) async throws -> (Channel, EventLoopFuture<String>) {
        let promise = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: String.self)
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(FirstChunkHandler(promise, marker: marker))
                    }
                }
                .connect(host: "127.0.0.1", port: port).get()
        } catch {
            promise.fail(error)
            throw error
        }
        let request =
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        try await channel.writeAndFlush(ByteBuffer(string: request))
        return (channel, promise.futureResult)
    }

    /// Hangs up.
    func close() async {
        try? await channel.close()
    }

    /// Resolves once the marker arrived, a whole JSON answer came in, or the connection closed.
    private final class FirstChunkHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private let promise: EventLoopPromise<String>
        private var received = ""
        private let marker: String
        private var done = false

        init(_ promise: EventLoopPromise<String>, marker: String) {
            self.promise = promise
            self.marker = marker
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += String(buffer: unwrapInboundIn(data))
            guard !done else { return }
            if received.contains(marker) || (received.contains("application/json") && received.hasSuffix("}")) {
                done = true
                promise.succeed(received)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !done {
                done = true
                promise.succeed(received)
            }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}
