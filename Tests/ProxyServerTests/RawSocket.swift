import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking loopback TCP client for requests no HTTP client library would send (doubled
/// slashes, absolute-form targets, HTTP/1.0, malformed request lines, 100 KB headers), reading
/// back exactly what the server wrote. Every call runs on a dispatch queue, never on the
/// cooperative pool the server under test also uses.
final class RawSocket: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One parsed HTTP response.
    struct Response: Sendable {
        var version: String
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0 == name.lowercased() }?.1
        }
    }

    private let descriptor: Int32
    private var buffered: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; a read waiting longer than `timeout` fails the test rather than hanging it.
    init(port: Int, timeout: Int = 10) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(description: "connect() to port \(port) failed: errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { RawSocket.sendBytes(descriptor, $0) }
            // The server may answer and close before taking everything (an oversized head): that is fine.
            if sent <= 0 { return }
            offset += sent
        }
    }

    private static func sendBytes(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        #if canImport(Glibc)
        Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        #else
        Darwin.send(descriptor, bytes.baseAddress, bytes.count, 0)
        #endif
    }

    /// More bytes, or nil once the server closed the connection.
    private func receiveMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == ECONNRESET { return false }
            throw Failure(description: "no answer within the read timeout (errno \(errno))")
        }
        if count == 0 { return false }
        buffered.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads one response: framed by Content-Length, by chunked encoding, or by the connection closing.
    func readResponse(headOnly: Bool = false) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffered.firstRange(of: separator)?.upperBound
            if headEnd == nil, try !receiveMore() {
                throw Failure(description: "connection closed before a whole response head: \(String(decoding: buffered, as: UTF8.self))")
            }
        }
        let head = String(decoding: buffered[0..<headEnd!], as: UTF8.self)
        buffered.removeFirst(headEnd!)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (parts[0].lowercased(), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var response = Response(
            version: String(statusLine[0]), status: Int(statusLine[1]) ?? 0, headers: headers, body: "")
        if headOnly { return response }
        if let length = response.header("content-length").flatMap(Int.init) {
            while buffered.count < length, try receiveMore() {}
            response.body = String(decoding: buffered.prefix(length), as: UTF8.self)
            buffered.removeFirst(min(length, buffered.count))
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            response.body = try readChunkedBody()
        } else {
            while try receiveMore() {}
            response.body = String(decoding: buffered, as: UTF8.self)
            buffered.removeAll()
        }
        return response
    }

    private func readChunkedBody() throws -> String {
        var body: [UInt8] = []
        let lineEnd: [UInt8] = Array("\r\n".utf8)
        while true {
            var sizeEnd = buffered.firstRange(of: lineEnd)
            while sizeEnd == nil {
                guard try receiveMore() else { throw Failure(description: "connection closed inside a chunked body") }
                sizeEnd = buffered.firstRange(of: lineEnd)
            }
            let size = Int(String(decoding: buffered[0..<sizeEnd!.lowerBound], as: UTF8.self), radix: 16) ?? 0
            buffered.removeFirst(sizeEnd!.upperBound)
            while buffered.count < size + 2 {
                guard try receiveMore() else { throw Failure(description: "connection closed inside a chunk") }
            }
            body.append(contentsOf: buffered[0..<size])
            buffered.removeFirst(size + 2)
            if size == 0 { return String(decoding: body, as: UTF8.self) }
        }
    }

    /// Whether the server closes the connection (rather than keeping it open) within the read timeout.
    func serverClosed() throws -> Bool {
        buffered.isEmpty ? try !receiveMore() : false
    }

    /// Runs blocking socket work off the cooperative thread pool.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Sends `request` on a fresh connection and reads one response.
    static func exchange(port: Int, _ request: String) async throws -> Response {
        try await run {
            let socket = try RawSocket(port: port)
            try socket.send(request)
            return try socket.readResponse()
        }
    }
}
