import Foundation
import NIOCore
import NIOPosix

/// A bare TCP HTTP/1.1 client for the one thing AsyncHTTPClient hides: hanging up mid-response.
struct URLRequestLike {
    let url: String
    let body: String

    /// Sends the request, waits for the first streamed bytes, then closes the socket.
    mutating func readFirstChunkThenDisconnect() async throws {
        let parts = url.replacingOccurrences(of: "http://", with: "").split(separator: "/", maxSplits: 1)
        let hostPort = parts[0].split(separator: ":")
        let host = String(hostPort[0])
        let port = Int(hostPort[1])!
        let path = "/" + (parts.count > 1 ? String(parts[1]) : "")
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let request =
            "POST \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received = ""
            for try await buffer in inbound {
                received += String(buffer: buffer)
                if received.contains("tick") { break }
            }
        }
    }
}
