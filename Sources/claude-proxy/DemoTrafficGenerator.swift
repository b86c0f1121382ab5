import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore
import ServiceLifecycle

/// DEMO mode's traffic: a varied, bounded loop of real requests to the embedded proxy (which
/// answers from the built-in simulated Claude), so the dashboard shows streaming text,
/// thinking, tool calls, a non-streaming answer, a retry after a 529 and a 400 error.
///
/// A service: starts once the proxy listens (the first port on `ports`) and stops at a graceful
/// shutdown, before the server drains.
struct DemoTrafficGenerator: Service {
    /// Stop after this many requests (about an hour and a half at the demo pace).
    static let maximumRequests = 2_000

    struct Step: Sendable {
        var model: String
        var prompt: String
        var stream = true
        var system: String?
        var extra: [(String, JSONValue)] = []
        /// Seconds until the next request starts (requests overlap, as real bots' do).
        var pause: Double
    }

    let host: String
    let ports: AsyncStream<Int>
    let clientKey: String?
    var client: HTTPClient = .shared

    static let weatherTool: JSONValue = [
        "type": "function",
        "function": [
            "name": "get_weather", "description": "Current weather for a city",
            "parameters": ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
        ],
    ]

    static func steps(round: Int) -> [Step] {
        let bot = "You are Claw, the friendly assistant of the #garden Discord server. Keep answers short."
        return [
            Step(model: "sonnet", prompt: "How can a Raspberry Pi run a chat bot all day without overheating?", system: bot, pause: 3),
            Step(model: "opus", prompt: "[[scenario:thinking]] Plan a three-day trip to Lisbon on a budget.",
                 extra: [("reasoning_effort", "medium")], pause: 4),
            Step(model: "sonnet", prompt: "[[scenario:tools]] What's the weather in Lisbon right now?",
                 extra: [("tools", [weatherTool])], pause: 3),
            Step(model: "haiku", prompt: "Summarise in one line: the proxy forwards OpenAI calls to Claude.", stream: false, pause: 2),
            Step(model: "sonnet", prompt: "[[scenario:fail-529-once:demo-\(round)-\(UUID().uuidString)]] Write a haiku about retries.",
                 system: bot, pause: 4),
            Step(model: "gpt-4o", prompt: "[[scenario:bad-400]] This request is malformed on purpose.", stream: false, pause: 2),
            Step(model: "claude-sonnet-4", prompt: "Tell a short story about a robot gardener.", system: bot, pause: 5),
        ]
    }

    /// The chat request a step sends.
    static func body(_ step: Step) -> JSONValue {
        var messages: [JSONValue] = []
        if let system = step.system { messages.append(["role": "system", "content": .string(system)]) }
        messages.append(["role": "user", "content": .string(step.prompt)])
        var body = JSONObject([
            ("model", .string(step.model)), ("messages", .array(messages)), ("stream", .bool(step.stream)),
            ("max_tokens", 400),
        ])
        for (key, value) in step.extra { body[key] = value }
        return .object(body)
    }

    func run() async {
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { return }
        let probeHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let baseURL = "http://\(probeHost):\(port)"
        await cancelWhenGracefulShutdown { await send(to: baseURL) }
    }

    private func send(to baseURL: String) async {
        try? await Task.sleep(for: .milliseconds(500))
        var sent = 0
        var round = 0
        await withTaskGroup(of: Void.self) { group in
            while !Task.isCancelled && sent < Self.maximumRequests {
                for step in Self.steps(round: round) where !Task.isCancelled && sent < Self.maximumRequests {
                    sent += 1
                    group.addTask { await send(step, to: baseURL) }
                    try? await Task.sleep(for: .milliseconds(Int(step.pause * 1000)))
                }
                round += 1
            }
            group.cancelAll()
        }
    }

    private func send(_ step: Step, to baseURL: String) async {
        var request = HTTPClientRequest(url: baseURL + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "claude-proxy-demo-traffic")
        request.headers.add(name: "Authorization", value: "Bearer \(clientKey ?? "demo")")
        request.body = .bytes(ByteBuffer(bytes: JSONWriter.bytes(Self.body(step))))
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            // Read the answer as a client would, so streams run to the end.
            for try await _ in response.body {}
        } catch {
            // The dashboard shows what went wrong; the generator just moves on.
        }
    }
}
