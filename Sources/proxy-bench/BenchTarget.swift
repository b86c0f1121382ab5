import NIOCore

/// One endpoint under load and the exact request bytes sent to it, prebuilt once so the
/// generator spends no time building requests.
///
/// ```swift
/// let direct = try BenchTarget(url: "http://127.0.0.1:8081/v1/messages", body: BenchBodies.anthropic(stream: false),
///                              headers: BenchBodies.anthropicHeaders)
/// ```
struct BenchTarget: Sendable {
    struct BadURL: Error, CustomStringConvertible {
        var url: String
        var description: String { "expected http://127.0.0.1:PORT/path, got \(url)" }
    }

    let host: String
    let port: Int
    let path: String
    let request: ByteBuffer

    init(url: String, method: String = "POST", body: String? = nil, headers: [(String, String)] = []) throws {
        guard url.hasPrefix("http://") else { throw BadURL(url: url) }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) else {
            throw BadURL(url: url)
        }
        host = String(authority[..<colon])
        self.port = port
        self.path = path.isEmpty ? "/" : String(path)

        var head = "\(method) \(self.path) HTTP/1.1\r\nhost: \(authority)\r\nuser-agent: proxy-bench\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            head += "content-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n"
        }
        head += "\r\n"
        var buffer = ByteBuffer()
        buffer.writeString(head)
        if let body { buffer.writeString(body) }
        request = buffer
    }

    /// The same endpoint with a different request.
    func with(path: String, method: String = "POST", body: String?, headers: [(String, String)]) throws -> BenchTarget {
        try BenchTarget(url: "http://\(host):\(port)\(path)", method: method, body: body, headers: headers)
    }
}

/// The request bodies every column is measured with: the same conversation, in each API's shape.
enum BenchBodies {
    static let anthropicHeaders = [("x-api-key", "anything"), ("anthropic-version", "2023-06-01")]
    /// The master key `Benchmarks/litellm.sh` gives LiteLLM (it refuses to start without one).
    static let litellmMasterKey = "sk-proxy-bench"

    /// A Messages API body for the fake upstream; `scenario` is a fake marker like `long:1000`.
    static func anthropic(stream: Bool, scenario: String? = nil) -> String {
        body(stream: stream, scenario: scenario)
    }

    /// A Chat Completions body for the proxy (and LiteLLM); the shape is the same here.
    static func openAI(stream: Bool, scenario: String? = nil) -> String {
        body(stream: stream, scenario: scenario)
    }

    private static func body(stream: Bool, scenario: String?) -> String {
        let text = scenario.map { "hi [[scenario:\($0)]]" } ?? "hi"
        return #"{"model":"claude-sonnet-4-6","max_tokens":100,"#
            + #""messages":[{"role":"user","content":"\#(text)"}]\#(stream ? #","stream":true"# : "")}"#
    }
}
