import FakeUpstream
import Foundation
import ProxyCore
import Testing

/// The real server against the fake upstream on loopback: what the client got and what the
/// upstream received.
@Suite(.serialized) struct ChatCompletionsEndToEndTests {
    @Test func plainChatIsTranslatedBothWays() async throws {
        let harness = try await ProxyHarness.start()
        let response = try await harness.post(
            "/v1/chat/completions",
            #"{"model":"sonnet","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi there"}],"max_tokens":100,"temperature":0.5}"#)
        let upstream = await harness.upstreamMessages()
        await harness.stop()

        #expect(response.status == 200)
        #expect(header("content-type", response.headers) == "application/json")
        #expect(header("x-request-id", response.headers)?.hasPrefix("req_fake_") == true)
        #expect(header("x-ratelimit-limit-requests", response.headers) != nil)
        let body = parse(response.body)
        #expect(body["object"] == "chat.completion")
        #expect(body["choices"]?[0]?["message"]?["content"] == "Hello from the fake Claude. You said: Hi there")
        #expect(body["choices"]?[0]?["finish_reason"] == "stop")
        #expect((body["usage"]?["prompt_tokens"]?.intValue ?? 0) > 0)

        #expect(upstream.count == 1)
        let sent = try #require(upstream.first)
        #expect(sent.headers["x-api-key"] == ProxyHarness.upstreamKey)
        #expect(sent.headers["anthropic-version"] == "2023-06-01")
        #expect(sent.headers["authorization"] == nil)
        #expect((sent.headers["user-agent"] ?? "").hasPrefix("claude-proxy/"))
        let sentBody = parse(sent.bodyString)
        #expect(sentBody["model"] == "claude-sonnet-4-6")
        #expect(sentBody["system"] == [["type": "text", "text": "Be brief."]])
        #expect(sentBody["max_tokens"] == 100)
        #expect(sentBody["temperature"] == 0.5)
    }

    @Test func streamingFollowsTheChunkContract() async throws {
        let harness = try await ProxyHarness.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("Stream please", stream: true))
        await harness.stop()

        #expect(response.status == 200)
        #expect(header("content-type", response.headers) == "text/event-stream")
        let payloads = ssePayloads(response.body)
        #expect(payloads.last == "[DONE]")
        let chunks = payloads.dropLast().map(parse)
        #expect(chunks.first?["choices"]?[0]?["delta"]?["role"] == "assistant")
        let text = chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
        #expect(text == "Hello from the fake Claude. You said: Stream please")
        #expect(chunks.dropLast().last?["choices"]?[0]?["finish_reason"] == "stop")
        #expect(chunks.last?["choices"] == [])
        #expect((chunks.last?["usage"]?["completion_tokens"]?.intValue ?? 0) > 0)
        #expect(Set(chunks.compactMap { $0["id"]?.stringValue }).count == 1)
    }

    @Test func streamedToolCallsAreSequentialWithContiguousIndices() async throws {
        let harness = try await ProxyHarness.start()
        let tools = #","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},{"type":"function","function":{"name":"get_time"}}]"#
        let response = try await harness.post(
            "/v1/chat/completions", chatBody("[[scenario:tools]] weather?", stream: true, extra: tools))
        await harness.stop()

        let chunks = ssePayloads(response.body).dropLast().map(parse)
        var calls: [Int: (id: String, name: String, arguments: String)] = [:]
        var order: [Int] = []
        for chunk in chunks {
            for call in chunk["choices"]?[0]?["delta"]?["tool_calls"]?.arrayValue ?? [] {
                let index = try #require(call["index"]?.intValue)
                if let id = call["id"]?.stringValue {
                    #expect(calls[index] == nil)
                    calls[index] = (id, call["function"]?["name"]?.stringValue ?? "", "")
                    order.append(index)
                }
                calls[index]?.arguments += call["function"]?["arguments"]?.stringValue ?? ""
            }
        }
        #expect(order == [0, 1])
        #expect(calls[0]?.name == "get_weather")
        #expect(calls[1]?.name == "get_time")
        #expect(parse(calls[0]?.arguments ?? "") == ["city": "Paris", "unit": "celsius"])
        #expect(parse(calls[1]?.arguments ?? "") == ["city": "Tokyo", "unit": "celsius"])
        #expect(chunks.dropLast().last?["choices"]?[0]?["finish_reason"] == "tool_calls")
    }

    @Test func overloadOnceIsRetriedInvisibly() async throws {
        let harness = try await ProxyHarness.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:fail-529-once:e2e]] hi"))
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(response.status == 200)
        #expect(calls == 2)
    }

    @Test func persistentOverloadIs503WithRetryAfterAfterTheRetryBudget() async throws {
        let harness = try await ProxyHarness.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:fail-529]] hi", stream: true))
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(response.status == 503)
        #expect(header("retry-after", response.headers) != nil)
        #expect(header("content-type", response.headers) == "application/json")
        #expect(parse(response.body)["error"]?["message"]?.stringValue?.isEmpty == false)
        #expect(calls == 3)
    }

    @Test func spendLimitIsNotRetriedAndTellsClientsNotToRetry() async throws {
        let harness = try await ProxyHarness.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:spend-limit]] hi"))
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(response.status == 429)
        #expect(header("x-should-retry", response.headers) == "false")
        #expect(calls == 1)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let scenario: String
        let status: Int
        var testDescription: String { scenario }
    }

    @Test(arguments: [
        ErrorCase(scenario: "auth-401", status: 502), ErrorCase(scenario: "forbidden-403", status: 403),
        ErrorCase(scenario: "bad-400", status: 400), ErrorCase(scenario: "too-large-413", status: 413),
        ErrorCase(scenario: "subscription-only", status: 403),
    ])
    func upstreamErrorsKeepOpenAIShape(_ testCase: ErrorCase) async throws {
        let harness = try await ProxyHarness.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:\(testCase.scenario)]] hi"))
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(response.status == testCase.status)
        // A 401 invalidates the credential, refreshes it and retries exactly once.
        #expect(calls == (testCase.scenario == "auth-401" ? 2 : 1))
        let error = parse(response.body)["error"]
        #expect(error?["message"]?.stringValue?.isEmpty == false)
        #expect(error?["type"]?.stringValue != nil)
        #expect(!response.body.contains(ProxyHarness.upstreamKey))
        #expect(header("x-request-id", response.headers) != nil)
    }

    @Test func midStreamErrorBecomesAnErrorEventAndDone() async throws {
        let harness = try await ProxyHarness.start()
        let response = try await harness.post("/v1/chat/completions", chatBody("[[scenario:midstream-error]] hi", stream: true))
        await harness.stop()
        let payloads = ssePayloads(response.body)
        #expect(payloads.last == "[DONE]")
        #expect(parse(payloads[payloads.count - 2])["error"]?["message"] != nil)
    }

    @Test func clientDisconnectCancelsTheUpstreamStream() async throws {
        let harness = try await ProxyHarness.start()
        let url = harness.baseURL + "/v1/chat/completions"
        let reader = Task {
            var request = URLRequestLike(url: url, body: chatBody("[[scenario:slow]] go", stream: true))
            try await request.readFirstChunkThenDisconnect()
        }
        try await reader.value
        var cancelled = 0
        for _ in 0..<40 {
            cancelled = await harness.fake.stats.streamsCancelled
            if cancelled > 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let stats = await harness.fake.stats
        await harness.stop()
        #expect(cancelled == 1)
        #expect(stats.streamsCompleted == 0)
    }

    @Test func fiftyConcurrentStreamsEachGetTheirOwnAnswer() async throws {
        let harness = try await ProxyHarness.start()
        let results = try await withThrowingTaskGroup(of: (Int, String, String?).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let response = try await harness.post("/v1/chat/completions", chatBody("request number \(index)", stream: true))
                    let payloads = ssePayloads(response.body)
                    let text = payloads.dropLast().compactMap { parse($0)["choices"]?[0]?["delta"]?["content"]?.stringValue }
                        .joined()
                    return (index, text, payloads.last)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await harness.stop()
        #expect(results.count == 50)
        for (index, text, last) in results {
            #expect(text == "Hello from the fake Claude. You said: request number \(index)")
            #expect(last == "[DONE]")
        }
    }
}
