import Foundation
import ProxyCore
import Testing

/// Where a Messages request goes on Bedrock and what its body becomes (upstreams.md §5.1–5.3),
/// and which Bedrock id a catalog model maps to.
@Suite struct BedrockRouteTests {
    let body = JSONObject([
        ("model", .string("claude-sonnet-4-5-20250929")), ("max_tokens", .number(16)), ("stream", .bool(true)),
        ("messages", .array([.object(JSONObject([("role", .string("user")), ("content", .string("Hi"))]))])),
    ])
    let base = "https://bedrock-runtime.us-east-1.amazonaws.com"

    @Test func theModelMovesIntoThePathAndTheVersionIntoTheBody() {
        let models = BedrockModelMap(geography: "us")
        let (url, sent) = UpstreamRoute.bedrock(.messages, baseURL: base, body: body, stream: true, models: models, betas: [])
        #expect(url == base + "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke-with-response-stream")
        #expect(sent["model"] == nil)
        #expect(sent["stream"] == nil)
        #expect(sent["anthropic_version"] == "bedrock-2023-05-31")
        #expect(sent["max_tokens"] == 16)
        let (plain, _) = UpstreamRoute.bedrock(.messages, baseURL: base, body: body, stream: false, models: models, betas: [])
        #expect(plain.hasSuffix("/invoke"))
    }

    @Test func betasTravelInTheBodyWithoutDuplicates() {
        var withBeta = body
        withBeta["anthropic_beta"] = .array([.string("a")])
        let (_, sent) = UpstreamRoute.bedrock(
            .messages, baseURL: base, body: withBeta, stream: false, models: .init(geography: nil), betas: ["a", "b"])
        #expect(sent["anthropic_beta"] == .array([.string("a"), .string("b")]))
        let (_, none) = UpstreamRoute.bedrock(.messages, baseURL: base, body: body, stream: false, models: .init(geography: nil), betas: [])
        #expect(none["anthropic_beta"] == nil)
    }

    @Test func tokenCountingWrapsTheInvokeBodyInBase64() throws {
        var counting = body
        counting["max_tokens"] = nil
        counting["stream"] = nil
        let (url, sent) = UpstreamRoute.bedrock(.countTokens, baseURL: base, body: counting, stream: false, models: .init(geography: nil), betas: [])
        #expect(url == base + "/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/count-tokens")
        let encoded = try #require(sent["input"]?["invokeModel"]?["body"]?.stringValue)
        let inner = try JSONParser.parse(Array(try #require(Data(base64Encoded: encoded))))
        #expect(inner["anthropic_version"] == "bedrock-2023-05-31")
        #expect(inner["max_tokens"] == 1)
        #expect(inner["model"] == nil)
        let request = try #require(translate(#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#))
        let answer = MessagesDialect(operation: .countTokens).response(
            to: json(#"{"inputTokens":42}"#), for: request, identity: .init(id: "", created: 0))
        #expect(answer == json(#"{"input_tokens":42}"#))
    }

    @Test func arnsAreEncodedAsOneSegment() {
        let arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc"
        #expect(UpstreamRoute.bedrockPathSegment(arn) == "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc")
    }

    @Test func bedrockIDsNormaliseToFirstPartyIDs() {
        #expect(BedrockModelMap.firstPartyID("us.anthropic.claude-sonnet-4-5-20250929-v1:0") == "claude-sonnet-4-5-20250929")
        #expect(BedrockModelMap.firstPartyID("global.anthropic.claude-opus-4-6-v1") == "claude-opus-4-6")
        #expect(BedrockModelMap.firstPartyID("anthropic.claude-3-haiku-20240307-v1:0") == "claude-3-haiku-20240307")
        #expect(BedrockModelMap.firstPartyID("claude-opus-4-6") == "claude-opus-4-6")
    }

    @Test func theListedProfileForTheGeographyWinsThenGlobalThenTheBaseID() {
        let listed = BedrockModelMap(
            geography: "eu",
            foundationModels: ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-opus-4-6-v1"],
            inferenceProfiles: [
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "global.anthropic.claude-opus-4-6-v1",
            ])
        #expect(listed.bedrockID(for: "claude-sonnet-4-5-20250929") == "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
        #expect(listed.bedrockID(for: "claude-opus-4-6") == "global.anthropic.claude-opus-4-6-v1")
        var baseOnly = listed
        baseOnly.geography = nil
        #expect(baseOnly.bedrockID(for: "claude-sonnet-4-5-20250929") == "anthropic.claude-sonnet-4-5-20250929-v1:0")
        #expect(listed.bedrockID(for: "us.anthropic.claude-haiku-4-5-20251001-v1:0") == "us.anthropic.claude-haiku-4-5-20251001-v1:0")
        #expect(BedrockModelMap(geography: "apac").bedrockID(for: "claude-opus-4-7") == "apac.anthropic.claude-opus-4-7-v1")
    }

    @Test func regionsMapToTheirProfileGeography() {
        #expect(BedrockModelMap.geography(forRegion: "us-west-2") == "us")
        #expect(BedrockModelMap.geography(forRegion: "eu-central-1") == "eu")
        #expect(BedrockModelMap.geography(forRegion: "ap-northeast-1") == "apac")
        #expect(BedrockModelMap.geography(forRegion: "us-gov-west-1") == "us-gov")
        #expect(BedrockModelMap.geography(forRegion: "me-south-1") == nil)
    }

    @Test func familyAliasesResolveAgainstTheBedrockListNewestVersionFirst() throws {
        let map = BedrockModelMap(
            geography: "us",
            foundationModels: [
                "anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-6-v1", "anthropic.claude-3-5-sonnet-20240620-v1:0",
                "anthropic.claude-haiku-4-5-20251001-v1:0",
            ],
            inferenceProfiles: ["us.anthropic.claude-sonnet-4-6-v1"])
        let catalog = ModelCatalog(liveModels: map.catalogModels())
        let sonnet = try catalog.resolve("sonnet").get()
        #expect(sonnet.upstreamID == "claude-sonnet-4-6")
        #expect(map.bedrockID(for: sonnet.upstreamID) == "us.anthropic.claude-sonnet-4-6-v1")
        #expect(try catalog.resolve("haiku").get().upstreamID == "claude-haiku-4-5-20251001")
        #expect(try catalog.resolve("us.anthropic.claude-sonnet-4-6-v1").get().upstreamID == "us.anthropic.claude-sonnet-4-6-v1")
    }
}
