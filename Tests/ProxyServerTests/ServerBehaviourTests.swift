import Foundation
import ProxyCore
import Testing

@Suite(.serialized) struct ServerBehaviourTests {
    @Test func clientKeysAreRequiredWhenConfigured() async throws {
        let harness = try await ProxyHarness.start { $0.clientKeys = [.init(name: "bot", key: "client-key-123")] }
        let missing = try await harness.post("/v1/chat/completions", chatBody("hi"))
        let wrong = try await harness.post("/v1/chat/completions", chatBody("hi"), headers: [("authorization", "Bearer nope-nope-nope")])
        let bearer = try await harness.post("/v1/chat/completions", chatBody("hi"), headers: [("authorization", "Bearer client-key-123")])
        let xAPIKey = try await harness.post("/v1/chat/completions", chatBody("hi"), headers: [("x-api-key", "client-key-123")])
        let health = try await harness.get("/health")
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(missing.status == 401)
        #expect(wrong.status == 401)
        #expect(parse(wrong.body)["error"]?["code"] == "invalid_api_key")
        #expect(bearer.status == 200)
        #expect(xAPIKey.status == 200)
        #expect(health.status == 200)
        #expect(calls == 2)
    }

    @Test func oversizedBodyIs413() async throws {
        let harness = try await ProxyHarness.start { $0.maxBodyBytes = 2048 }
        let response = try await harness.post("/v1/chat/completions", chatBody(String(repeating: "x", count: 5000)))
        await harness.stop()
        #expect(response.status == 413)
        #expect(parse(response.body)["error"]?["message"]?.stringValue?.contains("maxBodyBytes") == true)
    }

    @Test func malformedJSONAndBadFieldsAre400sNamingTheProblem() async throws {
        let harness = try await ProxyHarness.start()
        let malformed = try await harness.post("/v1/chat/completions", #"{"model": "sonnet", "messages": [}"#)
        let badField = try await harness.post("/v1/chat/completions", #"{"model":"sonnet","messages":[{"role":"user","content":42}]}"#)
        let noModel = try await harness.post("/v1/chat/completions", #"{"messages":[{"role":"user","content":"x"}]}"#)
        let unknownModel = try await harness.post("/v1/chat/completions", chatBody("hi", model: "llama-70b"))
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(malformed.status == 400)
        #expect(parse(malformed.body)["error"]?["message"]?.stringValue?.contains("JSON") == true)
        #expect(badField.status == 400)
        #expect(parse(badField.body)["error"]?["param"] == "messages[0].content")
        #expect(noModel.status == 400)
        #expect(parse(noModel.body)["error"]?["param"] == "model")
        #expect(unknownModel.status == 404)
        #expect(parse(unknownModel.body)["error"]?["code"] == "model_not_found")
        #expect(calls == 0)
    }

    @Test func unknownRoutesAre404sInOpenAIShape() async throws {
        let harness = try await ProxyHarness.start()
        let embeddings = try await harness.post("/v1/embeddings", #"{"model":"x","input":"y"}"#)
        let other = try await harness.get("/v1/fine_tuning/jobs")
        await harness.stop()
        #expect(embeddings.status == 404)
        #expect(parse(embeddings.body)["error"]?["message"]?.stringValue?.contains("embeddings") == true)
        #expect(other.status == 404)
        #expect(parse(other.body)["error"]?["message"]?.stringValue?.contains("/v1/chat/completions") == true)
    }

    @Test func modelsListShowsAliasesAndTheLiveList() async throws {
        let harness = try await ProxyHarness.start()
        let list = try await harness.get("/v1/models")
        let one = try await harness.get("/v1/models/opus")
        let missing = try await harness.get("/v1/models/llama")
        await harness.stop()
        let ids = parse(list.body)["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.contains("sonnet"))
        #expect(ids.contains("gpt-4o"))
        #expect(ids.contains("claude-opus-4-7"))
        #expect(parse(list.body)["object"] == "list")
        let opus = parse(one.body)
        #expect(opus["id"] == "opus")
        #expect(opus["upstream_id"] == "claude-opus-4-7")
        #expect(opus["context_window"]?.intValue != nil)
        #expect(missing.status == 404)
    }

    @Test func healthReportsVersionAndUpstream() async throws {
        let harness = try await ProxyHarness.start()
        let health = try await harness.get("/health")
        await harness.stop()
        let body = parse(health.body)
        #expect(body["status"] == "ok")
        #expect(body["version"] == .string(ProxyCoreVersion.string))
        #expect(body["upstreams"]?[0]?["state"] == "ok")
        #expect(!health.body.contains(ProxyHarness.upstreamKey))
    }

    @Test func reloadedSettingsApplyToNewRequests() async throws {
        let harness = try await ProxyHarness.start()
        var settings = harness.service.runtime.current.settings
        settings.identity = IdentitySettings(systemPrompt: "You are Pi.", mode: .replace)
        try harness.service.apply(settings)
        _ = try await harness.post("/v1/chat/completions", chatBody("hi"))
        let sent = await harness.upstreamMessages().first.map { parse($0.bodyString) }
        await harness.stop()
        #expect(sent?["system"] == [["type": "text", "text": "You are Pi."]])
    }
}
