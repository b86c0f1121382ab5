import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Times a fresh proxy process from `exec` to its first `200` on `GET /health`, polling every
/// millisecond, then stops it: what a supervisor or a test harness waits for.
struct StartupProbe {
    let binary: String
    let upstreamURL: String

    struct ProbeFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Milliseconds from spawn to the first answered `/health`, one per attempt.
    func measure(attempts: Int, timeout: TimeAmount = .seconds(10)) throws -> [Double] {
        try (0..<attempts).map { _ in try once(timeout: timeout) }
    }

    private func once(timeout: TimeAmount) throws -> Double {
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)"]
        var environment = ProcessInfo.processInfo.environment
        environment["ANTHROPIC_API_KEY"] = "x"
        environment["ANTHROPIC_BASE_URL"] = upstreamURL
        environment["CLAUDE_PROXY_LOG_LEVEL"] = "warning"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = NIODeadline.now()
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        while NIODeadline.now() - started < timeout {
            if Self.healthAnswers(port: port) {
                return Double((NIODeadline.now() - started).nanoseconds) / 1e6
            }
            guard process.isRunning else {
                throw ProbeFailed(description: "\(binary) exited with \(process.terminationStatus) before answering /health")
            }
            usleep(1000)
        }
        throw ProbeFailed(description: "no answer on /health within \(timeout.nanoseconds / 1_000_000_000) s")
    }

    /// A port that was free a moment ago (bound to 0, read back, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProbeFailed(description: "socket() failed") }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw ProbeFailed(description: "could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One blocking `GET /health` with `connection: close`; true on a `200`.
    static func healthAnswers(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return false }
        let request = Array("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return false }
        let wanted = 12
        var reply = [UInt8](repeating: 0, count: wanted)
        var got = 0
        while got < wanted {
            let n = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, wanted - got, 0) }
            if n <= 0 { return false }
            got += n
        }
        return String(decoding: reply[9..<12], as: UTF8.self) == "200"
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
