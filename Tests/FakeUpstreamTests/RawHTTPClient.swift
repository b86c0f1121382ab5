import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A response read by ``RawHTTPClient``.
struct RawHTTPResponse: Sendable {
    let status: Int
    /// Lowercased header names.
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    /// SSE events as `(event name, parsed data)` pairs.
    func events() throws -> [(name: String, data: [String: Any])] {
        try text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            var name = ""
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
            return (name, object)
        }
    }
}

/// Minimal blocking HTTP/1.1 client over POSIX sockets (each call runs on its own thread), so the
/// tests need no HTTP client dependency and can drop a connection mid-stream.
enum RawHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let defaultHeaders = ["x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01"]

    /// Sends one request with `connection: close` and reads the whole response.
    static func send(
        port: Int, method: String = "POST", path: String, headers: [String: String] = defaultHeaders, body: String? = nil
    ) async throws -> RawHTTPResponse {
        try await onThread {
            let fd = try openConnection(port: port)
            defer { close(fd) }
            try writeAll(fd, requestText(method: method, path: path, headers: headers, body: body))
            var raw = Data()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count <= 0 { break }
                raw.append(contentsOf: buffer[0..<count])
            }
            return try parse(raw)
        }
    }

    /// Sends a request, reads until `marker` appears in the raw response, then closes the socket.
    static func sendAndHangUp(port: Int, path: String, body: String, after marker: String) async throws {
        try await onThread {
            let fd = try openConnection(port: port)
            defer { close(fd) }
            try writeAll(fd, requestText(method: "POST", path: path, headers: defaultHeaders, body: body))
            var raw = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !String(decoding: raw, as: UTF8.self).contains(marker) {
                let count = read(fd, &buffer, buffer.count)
                if count <= 0 { throw Failure(description: "connection ended before \(marker)") }
                raw.append(contentsOf: buffer[0..<count])
            }
        }
    }

    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    private static func requestText(method: String, path: String, headers: [String: String], body: String?) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "content-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    private static func openConnection(port: Int) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect() failed")
        }
        return fd
    }

    private static func writeAll(_ fd: Int32, _ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "write() failed") }
            bytes = bytes.dropFirst(written)
        }
    }

    private static func parse(_ raw: Data) throws -> RawHTTPResponse {
        let separator = Data("\r\n\r\n".utf8)
        guard let split = raw.range(of: separator) else { throw Failure(description: "no header terminator") }
        let head = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(raw[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = try dechunk(body) }
        return RawHTTPResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: Data) throws -> Data {
        var output = Data()
        var rest = data[...]
        let crlf = Data("\r\n".utf8)
        while let lineEnd = rest.range(of: crlf) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";")[0], radix: 16) else {
                throw Failure(description: "bad chunk size \(sizeText)")
            }
            if size == 0 { break }
            let start = lineEnd.upperBound
            output.append(rest[start..<(start + size)])
            rest = rest[(start + size + 2)...]
        }
        return output
    }
}
