import Foundation
import ProxyCore
import ProxyServer
import Testing

/// Every dialect through a Bedrock upstream on the fake: SigV4-signed (or bearer) InvokeModel
/// calls, the event stream translated, Bedrock's errors mapped, failover to and from Anthropic.
@Suite(.serialized) struct BedrockEndToEndTests {
    static let awsEnvironment = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_SESSION_TOKEN": "session-token-0001",
    ]

    static func bedrock(_ fakeURL: String, name: String = "bedrock", apiKey: String? = nil, priority: Int = 0) -> ProxySettings.Upstream {
        var upstream = ProxySettings.Upstream(
            name: name, kind: .bedrock(region: "us-east-1"), baseURL: fakeURL, apiKey: apiKey, credentialSource: "test",
            priority: priority)
        upstream.bedrockControlURL = fakeURL
        upstream.bedrockGeography = "us"
        return upstream
    }

    static func start(environment: [String: String] = awsEnvironment, apiKey: String? = nil) async throws -> ProxyHarness {
        try await ProxyHarness.start(environment: environment) { settings in
            settings.upstreams = [Self.bedrock(settings.upstream.baseURL, apiKey: apiKey)]
            settings.retries.maxRetries = 1
        }
    }

    static func bedrockCalls(_ harness: ProxyHarness) async -> [FakeRecordedRequestView] {
        await harness.fake.requests.filter { $0.path.hasPrefix("/model/") }.map {
            FakeRecordedRequestView(path: $0.path, headers: $0.headers, body: String(decoding: $0.body, as: UTF8.self))
        }
    }

    struct FakeRecordedRequestView {
        var path: String
        var headers: [String: String]
        var body: String
    }

    /// Each dialect's path, body, and how its stream ends when it completes.
    static let dialects: [(path: String, body: @Sendable (Bool) -> String, streamEnd: String)] = [
        ("/v1/chat/completions", { chatBody("hello bedrock", stream: $0) }, "data: [DONE]"),
        ("/v1/responses", { #"{"model":"sonnet","input":"hello bedrock","stream":\#($0)}"# }, "response.completed"),
        (
            "/v1/messages", { #"{"model":"sonnet","max_tokens":64,"stream":\#($0),"messages":[{"role":"user","content":"hello bedrock"}]}"# },
            "event: message_stop"
        ),
        ("/v1/completions", { #"{"model":"sonnet","prompt":"hello bedrock","max_tokens":64,"stream":\#($0)}"# }, "data: [DONE]"),
    ]

    @Test func everyDialectWorksThroughBedrockStreamingAndNot() async throws {
        let harness = try await Self.start()
        var failures: [String] = []
        for (path, body, streamEnd) in Self.dialects {
            let plain = try await harness.post(path, body(false))
            if plain.status != 200 || !plain.body.contains("Hello from the fake Claude") {
                failures.append("\(path): \(plain.status) \(plain.body.prefix(300))")
            }
            let streamed = try await harness.post(path, body(true))
            if streamed.status != 200 || !streamed.body.contains(streamEnd) || streamed.body.contains("\"error\":{") {
                failures.append("\(path) stream: \(streamed.status) \(streamed.body.suffix(300))")
            }
            if !streamed.body.contains("Hello") { failures.append("\(path) stream: no text") }
        }
        let calls = await Self.bedrockCalls(harness)
        await harness.stop()
        #expect(failures.isEmpty, "\(failures)")
        #expect(calls.count == 8)
        let first = try #require(calls.first)
        // The catalog's `sonnet` is the newest listed Sonnet; Bedrock gets the us. profile for it.
        #expect(first.path == "/model/us.anthropic.claude-sonnet-4-6-v1/invoke")
        #expect(calls.filter { $0.path.hasSuffix("/invoke-with-response-stream") }.count == 4)
        #expect(first.headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true)
        #expect(first.headers["x-amz-security-token"] == "session-token-0001")
        #expect(first.headers["anthropic-version"] == nil)
        #expect(first.body.contains(#""anthropic_version":"bedrock-2023-05-31""#))
        #expect(!first.body.contains(#""model""#))
    }

    @Test func tokenCountingUsesBedrocksCountTokens() async throws {
        let harness = try await Self.start()
        let response = try await harness.post(
            "/v1/messages/count_tokens", #"{"model":"haiku","messages":[{"role":"user","content":"count these words please"}]}"#)
        let calls = await Self.bedrockCalls(harness)
        await harness.stop()
        #expect(response.status == 200)
        #expect(parse(response.body)["input_tokens"]?.intValue ?? 0 > 0)
        #expect(calls.first?.path == "/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/count-tokens")
    }

    @Test func aBedrockAPIKeyIsSentAsBearerAndNotSigned() async throws {
        let harness = try await Self.start(environment: [:], apiKey: "bedrock-api-key-fake-0001")
        let response = try await harness.post("/v1/chat/completions", chatBody("hi", stream: true))
        let calls = await Self.bedrockCalls(harness)
        await harness.stop()
        #expect(response.status == 200)
        #expect(calls.first?.headers["authorization"] == "Bearer bedrock-api-key-fake-0001")
        #expect(calls.first?.headers["x-amz-date"] == nil)
    }

    @Test func betasFromTheClientGoIntoTheBody() async throws {
        let harness = try await Self.start()
        let response = try await harness.post(
            "/v1/messages", Self.dialects[2].body(false), headers: [("anthropic-beta", "context-1m-2025-08-07, other-beta")])
        let calls = await Self.bedrockCalls(harness)
        await harness.stop()
        #expect(response.status == 200)
        #expect(calls.first?.body.contains(#""anthropic_beta":["context-1m-2025-08-07","other-beta"]"#) == true)
        #expect(calls.first?.headers["anthropic-beta"] == nil)
    }

    @Test func aWrongSecretIsExplainedAndNotRetriedForever() async throws {
        var environment = Self.awsEnvironment
        environment["AWS_SECRET_ACCESS_KEY"] = "not-the-right-secret-key-000000000000000"
        let harness = try await Self.start(environment: environment)
        let response = try await harness.post("/v1/chat/completions", chatBody("hi"))
        let calls = await Self.bedrockCalls(harness)
        await harness.stop()
        #expect(response.status == 502)
        #expect(response.body.contains("InvalidSignatureException"))
        #expect(response.body.contains("AWS_SECRET_ACCESS_KEY"))
        #expect(calls.count == 2)  // one refresh after the rejection, then the answer
    }

    @Test func anExpiredSessionTokenIsRefreshedOnceThenExplained() async throws {
        var environment = Self.awsEnvironment
        environment["AWS_SESSION_TOKEN"] = "EXPIRED-session-token"
        let harness = try await Self.start(environment: environment)
        let response = try await harness.post("/v1/chat/completions", chatBody("hi"))
        let calls = await Self.bedrockCalls(harness)
        await harness.stop()
        #expect(response.status == 502)
        #expect(response.body.contains("ExpiredTokenException"))
        #expect(response.body.contains("renew"))
        #expect(calls.count == 2)
    }

    @Test func throttlingIsRetriedThenA429() async throws {
        let harness = try await Self.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bedrock-throttle]] hi"))
        let calls = await Self.bedrockCalls(harness)
        await harness.stop()
        #expect(response.status == 429)
        #expect(response.body.contains("throttling"))
        #expect(calls.count == 2)
    }

    @Test func accessDeniedSaysToEnableTheModel() async throws {
        let harness = try await Self.start()
        let response = try await harness.post("/v1/messages", Self.dialects[2].body(false).replacingOccurrences(of: "hello bedrock", with: "[[scenario:bedrock-access-denied]]"))
        await harness.stop()
        #expect(response.status == 403)
        #expect(response.body.contains("Bedrock console"))
        #expect(response.body.contains(#""type":"error""#))
    }

    @Test func anExceptionMidStreamReachesTheClientAsAnErrorEvent() async throws {
        let harness = try await Self.start()
        let chat = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bedrock-stream-exception]] hi", stream: true))
        let messages = try await harness.post(
            "/v1/messages", Self.dialects[2].body(true).replacingOccurrences(of: "hello bedrock", with: "[[scenario:bedrock-stream-exception]]"))
        let corrupt = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bedrock-bad-crc]] hi", stream: true))
        await harness.stop()
        #expect(chat.status == 200)
        #expect(chat.body.contains("throttlingException"))
        #expect(messages.body.contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\""))
        #expect(corrupt.body.contains("corrupted"))
    }

    @Test func bedrockFailsOverToAnthropicAndBack() async throws {
        let dead = try FailoverTests.deadPort()
        let harness = try await ProxyHarness.start(environment: Self.awsEnvironment) { settings in
            let fake = settings.upstream
            settings.upstreams = [
                Self.bedrock(fake.baseURL, priority: 10),
                .init(name: "anthropic", baseURL: fake.baseURL, apiKey: ProxyHarness.upstreamKey, credentialSource: "test", priority: 1),
            ]
            settings.retries.maxRetries = 0
        }
        let toAnthropic = try await harness.post("/v1/chat/completions", chatBody("[[scenario:bedrock-access-denied]] hi"))
        let anthropicCalls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(toAnthropic.status == 200)
        #expect(anthropicCalls == 1)

        let back = try await ProxyHarness.start(environment: Self.awsEnvironment) { settings in
            let fake = settings.upstream
            settings.upstreams = [
                .init(name: "anthropic", baseURL: "http://127.0.0.1:\(dead)", apiKey: ProxyHarness.upstreamKey, credentialSource: "test", priority: 10),
                Self.bedrock(fake.baseURL, priority: 1),
            ]
            settings.retries.maxRetries = 0
        }
        let toBedrock = try await back.post("/v1/chat/completions", chatBody("hi", stream: true))
        let bedrockCalls = await Self.bedrockCalls(back).count
        await back.stop()
        #expect(toBedrock.status == 200)
        #expect(toBedrock.body.contains("data: [DONE]"))
        #expect(bedrockCalls == 1)
    }

    @Test func theModelsListComesFromBedrocksControlPlane() async throws {
        let harness = try await Self.start()
        let models = try await harness.get("/v1/models")
        let listCalls = await harness.fake.requests.filter { $0.path == "/foundation-models" || $0.path == "/inference-profiles" }
        await harness.stop()
        #expect(models.status == 200)
        #expect(models.body.contains("claude-haiku-4-5-20251001"))
        #expect(listCalls.count == 2)
        #expect(listCalls.allSatisfy { $0.headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256") == true })
    }

    @Test func noAWSCredentialsIsAClearError() async throws {
        // Nothing anywhere in the chain, and no instance metadata service to ask last.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bedrock-no-creds-\(UUID().uuidString)").path
        let nothing = [
            "HOME": home, "AWS_CONFIG_FILE": home + "/config", "AWS_SHARED_CREDENTIALS_FILE": home + "/credentials",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        await #expect {
            _ = try await Self.start(environment: nothing)
        } throws: { error in
            "\(error)".contains("AWS_ACCESS_KEY_ID") && "\(error)".contains("AWS_BEARER_TOKEN_BEDROCK")
        }
    }
}
