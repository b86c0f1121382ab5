import FakeUpstream
import Foundation
import Testing

/// The fake's Bedrock face enforces what Bedrock enforces, with Bedrock's error shape: an
/// authenticated request, its body rules, inference-profile-only models; and it lists models.
@Suite struct FakeBedrockTests {
    static let bearer = ["authorization": "Bearer bedrock-api-key-fake-0001", "content-type": "application/json"]
    static let body = #"{"anthropic_version":"bedrock-2023-05-31","max_tokens":32,"messages":[{"role":"user","content":"Hi"}]}"#
    static let haiku = "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0"

    @Test func anUnauthenticatedRequestIsRefusedInBedrocksShape() async throws {
        let response = try await withFakeAnthropic { port, _ in
            try await RawHTTPClient.send(port: port, path: Self.haiku + "/invoke", headers: ["content-type": "application/json"], body: Self.body)
        }
        #expect(response.status == 403)
        #expect(response.headers["x-amzn-errortype"]?.hasPrefix("MissingAuthenticationTokenException") == true)
        #expect(try response.json()["message"] as? String == "Missing Authentication Token")
    }

    @Test func aBearerKeyInvokesAndTheBodyRulesAreBedrocks() async throws {
        let (ok, withModel, noVersion, baseOnly) = try await withFakeAnthropic { port, _ in
            (
                try await RawHTTPClient.send(port: port, path: Self.haiku + "/invoke", headers: Self.bearer, body: Self.body),
                try await RawHTTPClient.send(
                    port: port, path: Self.haiku + "/invoke", headers: Self.bearer,
                    body: Self.body.replacingOccurrences(of: #""max_tokens""#, with: #""model":"x","max_tokens""#)),
                try await RawHTTPClient.send(
                    port: port, path: Self.haiku + "/invoke", headers: Self.bearer,
                    body: Self.body.replacingOccurrences(of: #""anthropic_version":"bedrock-2023-05-31","#, with: "")),
                try await RawHTTPClient.send(
                    port: port, path: "/model/anthropic.claude-sonnet-4-6-v1/invoke", headers: Self.bearer, body: Self.body)
            )
        }
        #expect(ok.status == 200)
        #expect(try ok.json()["type"] as? String == "message")
        #expect(ok.headers["x-amzn-requestid"] != nil)
        #expect(withModel.status == 400 && withModel.text.contains("extraneous key [model]"))
        #expect(noVersion.status == 400 && noVersion.text.contains("anthropic_version"))
        #expect(baseOnly.status == 400 && baseOnly.text.contains("inference profile"))
    }

    @Test func theStreamIsAnEventStreamOfBase64Chunks() async throws {
        let response = try await withFakeAnthropic { port, _ in
            try await RawHTTPClient.send(port: port, path: Self.haiku + "/invoke-with-response-stream", headers: Self.bearer, body: Self.body)
        }
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/vnd.amazon.eventstream")
        #expect(response.text.contains(":event-type"))
        #expect(response.text.contains(#"{"bytes":"eyJ0eXBlIjoibWVzc2FnZV9zdGFydCI"#))
    }

    @Test func theControlPlaneListsModelsAndProfiles() async throws {
        let (models, profiles) = try await withFakeAnthropic { port, _ in
            (
                try await RawHTTPClient.send(port: port, method: "GET", path: "/foundation-models?byProvider=Anthropic", headers: Self.bearer),
                try await RawHTTPClient.send(port: port, method: "GET", path: "/inference-profiles?typeEquals=SYSTEM_DEFINED", headers: Self.bearer)
            )
        }
        let summaries = try #require(try models.json()["modelSummaries"] as? [[String: Any]])
        #expect(summaries.contains { $0["modelId"] as? String == "anthropic.claude-haiku-4-5-20251001-v1:0" })
        let ids = try #require(try profiles.json()["inferenceProfileSummaries"] as? [[String: Any]]).compactMap { $0["inferenceProfileId"] as? String }
        #expect(ids.contains("global.anthropic.claude-opus-4-7-v1"))
        #expect(ids.contains("eu.anthropic.claude-sonnet-4-5-20250929-v1:0"))
    }
}
