import ProxyCore
import Testing

@Suite struct UpstreamRouteTests {
    @Test func firstPartyKeepsTheBody() {
        let body = JSONObject([("model", "claude-x"), ("max_tokens", 5)])
        let (url, sent) = UpstreamRoute.messages(kind: .anthropic, baseURL: "https://api.anthropic.com", body: body, stream: false)
        #expect(url == "https://api.anthropic.com/v1/messages")
        #expect(sent == body)
    }

    @Test func vertexMovesTheModelIntoTheURLAndTheVersionIntoTheBody() {
        let body = JSONObject([("model", "claude-sonnet-4-5-20250929"), ("max_tokens", 5), ("stream", true)])
        let base = UpstreamRoute.vertexBaseURL(region: "us-east5")
        let (url, sent) = UpstreamRoute.messages(kind: .vertex(project: "p1", region: "us-east5"), baseURL: base, body: body, stream: true)
        #expect(url == "https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict")
        #expect(sent["model"] == nil)
        #expect(sent["anthropic_version"] == "vertex-2023-10-16")
    }

    @Test(arguments: [
        ("global", "https://aiplatform.googleapis.com/v1"), ("us", "https://aiplatform.us.rep.googleapis.com/v1"),
        ("eu", "https://aiplatform.eu.rep.googleapis.com/v1"), ("europe-west1", "https://europe-west1-aiplatform.googleapis.com/v1"),
    ])
    func vertexRegionURLs(region: String, expected: String) {
        #expect(UpstreamRoute.vertexBaseURL(region: region) == expected)
    }

    @Test(arguments: [
        ("claude-opus-4-1-20250805", "claude-opus-4-1@20250805"), ("claude-sonnet-4-6", "claude-sonnet-4-6"),
        ("claude-haiku-4-5@20251001", "claude-haiku-4-5@20251001"),
    ])
    func vertexModelIDs(id: String, expected: String) {
        #expect(UpstreamRoute.vertexModelID(id) == expected)
    }

    @Test func preparedFirstPartyRequestsNameTheAPIVersionInAHeaderAndKeepTheClientsBetaHeader() {
        let body = JSONObject([("model", "claude-x"), ("max_tokens", 5)])
        let prepared = UpstreamRoute.prepare(
            .messages, kind: .anthropic, baseURL: "https://api.anthropic.com", body: body, stream: false,
            clientHeaders: [("anthropic-beta", "context-1m-2025-08-07")])
        #expect(prepared.url == "https://api.anthropic.com/v1/messages")
        #expect(prepared.body == body)
        #expect(prepared.headers.map { "\($0.0): \($0.1)" } == ["anthropic-version: 2023-06-01", "anthropic-beta: context-1m-2025-08-07"])
    }

    @Test func preparedVertexRequestsNameTheAPIVersionInTheBodyNotAHeader() {
        let body = JSONObject([("model", "claude-sonnet-4-6"), ("max_tokens", 5), ("stream", true)])
        let prepared = UpstreamRoute.prepare(
            .messages, kind: .vertex(project: "p1", region: "global"), baseURL: "https://aiplatform.googleapis.com/v1",
            body: body, stream: true, clientHeaders: [("anthropic-beta", "b1")])
        #expect(prepared.url.hasSuffix("/models/claude-sonnet-4-6:streamRawPredict"))
        #expect(prepared.body["anthropic_version"] == "vertex-2023-10-16")
        #expect(prepared.headers.map { "\($0.0): \($0.1)" } == ["anthropic-beta: b1"])
    }

    @Test func tokenCountingGoesToItsOwnEndpointAndKeepsTheModelOnVertex() {
        let body = JSONObject([("model", "claude-opus-4-1-20250805"), ("messages", [])])
        let first = UpstreamRoute.request(.countTokens, kind: .anthropic, baseURL: "https://api.anthropic.com", body: body, stream: false)
        #expect(first.url == "https://api.anthropic.com/v1/messages/count_tokens")
        #expect(first.body["model"] == "claude-opus-4-1-20250805")
        let vertex = UpstreamRoute.request(
            .countTokens, kind: .vertex(project: "p1", region: "global"), baseURL: "https://aiplatform.googleapis.com/v1",
            body: body, stream: false)
        #expect(
            vertex.url
                == "https://aiplatform.googleapis.com/v1/projects/p1/locations/global/publishers/anthropic/models/count-tokens:rawPredict")
        #expect(vertex.body["model"] == "claude-opus-4-1@20250805")
        #expect(vertex.body["anthropic_version"] == "vertex-2023-10-16")
    }
}
