import FakeUpstream
import Foundation
import ProxyCore
import Testing

/// `/v1/messages` and `/v1/messages/count_tokens` on a Vertex AI upstream: the fake's Vertex
/// routes behind a `gce_metadata` credential served by the fake itself.
@Suite(.serialized) struct VertexMessagesEndToEndTests {
    static let modelsPath = "/v1/projects/fake-project/locations/us-east5/publishers/anthropic/models/"

    static func start() async throws -> ProxyHarness {
        try await ProxyHarness.start(fakeIsMetadataServer: true) { settings in
            settings.upstream = .init(
                name: "gcp", kind: .vertex(project: "fake-project", region: "us-east5"),
                baseURL: settings.upstream.baseURL + "/v1", apiKey: nil, credential: ["type": "gce_metadata"],
                credentialSource: "test")
        }
    }

    static func vertexRequests(_ harness: ProxyHarness) async -> [FakeRecordedRequest] {
        await harness.fake.requests.filter { $0.method == "POST" && $0.path.hasPrefix(modelsPath) }
    }

    @Test func aMessageGoesToRawPredictWithTheModelInTheURLAndTheVersionInTheBody() async throws {
        let harness = try await Self.start()
        let response = try await harness.post(
            "/v1/messages", #"{"model":"claude-haiku-4-5-20251001","max_tokens":50,"messages":[{"role":"user","content":"Hi there"}]}"#,
            headers: [("anthropic-version", "2023-06-01")])
        let sent = await Self.vertexRequests(harness)
        await harness.stop()

        #expect(response.status == 200, "\(response.body)")
        let body = parse(response.body)
        #expect(body["type"] == "message")
        #expect(body["content"]?[0]?["text"] == "Hello from the fake Claude. You said: Hi there")
        let request = try #require(sent.first)
        #expect(sent.count == 1)
        #expect(request.path == Self.modelsPath + "claude-haiku-4-5@20251001:rawPredict")
        #expect(request.headers["authorization"]?.hasPrefix("Bearer ya29.fake-vertex-") == true)
        #expect(request.headers["x-api-key"] == nil)
        let upstreamBody = parse(request.bodyString)
        #expect(upstreamBody["anthropic_version"] == "vertex-2023-10-16")
        #expect(upstreamBody["model"] == nil)
    }

    @Test func aStreamGoesToStreamRawPredictAndArrivesAsAnthropicEvents() async throws {
        let harness = try await Self.start()
        let response = try await harness.post(
            "/v1/messages",
            #"{"model":"claude-sonnet-4-5-20250929","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Stream please"}]}"#)
        let sent = await Self.vertexRequests(harness)
        await harness.stop()

        #expect(response.status == 200, "\(response.body)")
        #expect(header("content-type", response.headers) == "text/event-stream")
        let events = response.body.split(separator: "\n").filter { $0.hasPrefix("data: ") }
            .map { parse(String($0.dropFirst(6)))["type"]?.stringValue ?? "?" }
        #expect(events.first == "message_start")
        #expect(events.last == "message_stop")
        #expect(events.contains("content_block_delta"))
        #expect(sent.first?.path == Self.modelsPath + "claude-sonnet-4-5@20250929:streamRawPredict")
    }

    @Test func tokenCountingGoesToCountTokensRawPredictWithTheModelInTheBody() async throws {
        let harness = try await Self.start()
        let response = try await harness.post(
            "/v1/messages/count_tokens", #"{"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Count me"}]}"#)
        let sent = await Self.vertexRequests(harness)
        await harness.stop()

        #expect(response.status == 200, "\(response.body)")
        #expect((parse(response.body)["input_tokens"]?.intValue ?? 0) > 0)
        let request = try #require(sent.first)
        #expect(request.path == Self.modelsPath + "count-tokens:rawPredict")
        let upstreamBody = parse(request.bodyString)
        #expect(upstreamBody["model"] == "claude-haiku-4-5@20251001")
        #expect(upstreamBody["anthropic_version"] == "vertex-2023-10-16")
    }

    @Test func aChatRequestIsServedThroughVertexToo() async throws {
        let harness = try await Self.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("hi from chat", model: "claude-haiku-4-5-20251001"))
        let sent = await Self.vertexRequests(harness)
        await harness.stop()
        #expect(response.status == 200, "\(response.body)")
        #expect(parse(response.body)["object"] == "chat.completion")
        #expect(sent.first?.path == Self.modelsPath + "claude-haiku-4-5@20251001:rawPredict")
    }
}
