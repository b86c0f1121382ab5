import ProxyCore
import Testing

@testable import FakeUpstream

/// The fake's Vertex routes hold the proxy to Vertex's rules (upstreams.md §4.1, §4.3).
@Suite struct VertexPathTests {
    static let models = "/v1/projects/p1/locations/us-east5/publishers/anthropic/models/"

    @Test func recognisesTheThreeVertexMethodsAndNothingElse() {
        #expect(VertexPath(Self.models + "claude-haiku-4-5@20251001:rawPredict")?.method == .rawPredict)
        #expect(VertexPath(Self.models + "claude-sonnet-4-6:streamRawPredict")?.model == "claude-sonnet-4-6")
        #expect(VertexPath(Self.models + "count-tokens:rawPredict")?.method == .countTokens)
        #expect(VertexPath(Self.models + "count-tokens:rawPredict")?.project == "p1")
        #expect(VertexPath(Self.models + "claude-sonnet-4-6:predict") == nil)
        #expect(VertexPath(Self.models + ":rawPredict") == nil)
        #expect(VertexPath("/v1/messages") == nil)
    }

    @Test func aPredictionGetsTheModelFromTheURLAndLosesTheVersion() throws {
        let path = try #require(VertexPath(Self.models + "claude-haiku-4-5@20251001:rawPredict"))
        let body = try path.firstPartyBody(Array(#"{"anthropic_version":"vertex-2023-10-16","max_tokens":5,"messages":[]}"#.utf8))
        #expect(try JSONParser.parse(body) == ["max_tokens": 5, "messages": [], "model": "claude-haiku-4-5-20251001"])
    }

    @Test(arguments: [
        (#"{"max_tokens":5,"messages":[]}"#, "anthropic_version: Field required"),
        (#"{"anthropic_version":"2023-06-01","messages":[]}"#, "anthropic_version: Input should be 'vertex-2023-10-16'"),
        (#"{"anthropic_version":"vertex-2023-10-16","model":"x","messages":[]}"#, "model: Extra inputs are not permitted"),
        (#"{"anthropic_version":"vertex-2023-10-16","stream":true,"messages":[]}"#, "stream: true needs :streamRawPredict"),
    ])
    func bodiesThatBreakVertexRulesAre400s(body: String, message: String) throws {
        let path = try #require(VertexPath(Self.models + "claude-haiku-4-5@20251001:rawPredict"))
        #expect(throws: FakeAPIError.self) { try path.firstPartyBody(Array(body.utf8)) }
        do {
            _ = try path.firstPartyBody(Array(body.utf8))
        } catch {
            #expect(error.message == message)
            #expect(error.status == .badRequest)
        }
    }
}
