import AsyncHTTPClient
import Foundation
import NIOCore

/// DEMO mode's traffic: a varied, bounded loop of real requests to the embedded proxy (which
/// answers from the built-in simulated Claude), so the dashboard shows streaming text,
/// thinking, tool calls, a non-streaming answer, a retry after a 529 and a 400 error.
struct DemoTrafficGenerator: Sendable {
    /// Stop after this many requests (about an hour and a half at the demo pace).
    static let maximumRequests = 2_000

    struct Step: Sendable {
        var model: String
        var prompt: String
        var stream = true
        var system: String?
        var extra: [String: any Sendable] = [:]
        /// Seconds until the next request starts (requests overlap, as real bots' do).
        var pause: Double
    }

    let baseURL: String
    let clientKey: String?
    var client: HTTPClient = .shared

    static let weatherTool: [String: any Sendable] = [
        "type": "function",
        "function": [
            "name": "get_weather", "description": "Current weather for a city",
            "parameters": [
                "type": "object", "properties": ["city": ["type": "string"]], "required": ["city"],
            ] as [String: any Sendable],
        ] as [String: any Sendable],
    ]

    static func steps(round: Int) -> [Step] {
        let bot = "You are Claw, the friendly assistant of the #garden Discord server. Keep answers short."
        return [
            Step(model: "sonnet", prompt: "How can a Raspberry Pi run a chat bot all day without overheating?", system: bot, pause: 3),
            Step(model: "opus", prompt: "[[scenario:thinking]] Plan a three-day trip to Lisbon on a budget.",
                 extra: ["reasoning_effort": "medium"], pause: 4),
            Step(model: "sonnet", prompt: "[[scenario:tools]] What's the weather in Lisbon right now?",
                 extra: ["tools": [weatherTool]], pause: 3),
            Step(model: "haiku", prompt: "Summarise in one line: the proxy forwards OpenAI calls to Claude.", stream: false, pause: 2),
            Step(model: "sonnet", prompt: "[[scenario:fail-529-once:demo-\(round)-\(UUID().uuidString)]] Write a haiku about retries.",
                 system: bot, pause: 4),
            Step(model: "gpt-4o", prompt: "[[scenario:bad-400]] This request is malformed on purpose.", stream: false, pause: 2),
            Step(model: "claude-sonnet-4", prompt: "Tell a short story about a robot gardener.", system: bot, pause: 5),
        ]
    }

    func run() async {
        try? await Task.sleep(for: .milliseconds(500))
        var sent = 0
        var round = 0
        await withTaskGroup(of: Void.self) { group in
            while !Task.isCancelled && sent < Self.maximumRequests {
                for step in Self.steps(round: round) where !Task.isCancelled && sent < Self.maximumRequests {
                    sent += 1
                    group.addTask { await send(step) }
                    try? await Task.sleep(for: .milliseconds(Int(step.pause * 1000)))
                }
                round += 1
            }
            group.cancelAll()
        }
    }

    private func send(_ step: Step) async {
        var messages: [[String: any Sendable]] = []
        if let system = step.system { messages.append(["role": "system", "content": system]) }
        messages.append(["role": "user", "content": step.prompt])
        var body: [String: any Sendable] = ["model": step.model, "messages": messages, "stream": step.stream, "max_tokens": 400]
        for (key, value) in step.extra { body[key] = value }
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { return }
        var request = HTTPClientRequest(url: baseURL + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "claude-proxy-demo-traffic")
        request.headers.add(name: "Authorization", value: "Bearer \(clientKey ?? "demo")")
        request.body = .bytes(ByteBuffer(bytes: data))
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            // Read the answer as a client would, so streams run to the end.
            for try await _ in response.body {}
        } catch {
            // The dashboard shows what went wrong; the generator just moves on.
        }
    }
}
