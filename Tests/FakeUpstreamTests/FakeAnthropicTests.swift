import Foundation
import Testing

@testable import FakeUpstream

@Suite("FakeAnthropic", .serialized)
struct FakeAnthropicTests {
    @Test func defaultStreamHasAnthropicEventSequence() async throws {
        try await withFakeAnthropic { port, fake in
            let response = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("Hi there, how are you today?", stream: true)
            )
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            #expect(response.headers["request-id"] == "req_fake_1")
            #expect(response.headers["anthropic-ratelimit-requests-limit"] != nil)
            #expect(response.headers["anthropic-ratelimit-tokens-reset"]?.hasSuffix("Z") == true)

            let events = try response.events()
            let names = events.map(\.name)
            #expect(Array(names.prefix(3)) == ["message_start", "ping", "content_block_start"])
            #expect(Array(names.suffix(3)) == ["content_block_stop", "message_delta", "message_stop"])
            let deltas = events.filter { $0.name == "content_block_delta" }
            #expect(deltas.count >= 3)
            #expect(names.count == 6 + deltas.count)
            for event in events { #expect(event.data["type"] as? String == event.name) }

            let message = try #require(events[0].data["message"] as? [String: Any])
            #expect(message["id"] as? String == "msg_fake_1")
            #expect(message["model"] as? String == "claude-sonnet-4-5-20250929")
            let text = deltas.compactMap { ($0.data["delta"] as? [String: Any])?["text"] as? String }.joined()
            #expect(text == "Hello from the fake Claude. You said: Hi there, how are you today?")

            let messageDelta = try #require(events.first { $0.name == "message_delta" })
            #expect((messageDelta.data["delta"] as? [String: Any])?["stop_reason"] as? String == "end_turn")
            let usage = try #require(messageDelta.data["usage"] as? [String: Any])
            #expect(usage["output_tokens"] as? Int == text.split(separator: " ").count)

            #expect(await fake.stats == FakeStreamStats(streamsStarted: 1, streamsCompleted: 1, streamsCancelled: 0))
            #expect(await fake.requests.count == 1)
        }
    }

    @Test func defaultNonStreamMessage() async throws {
        try await withFakeAnthropic { port, _ in
            let response = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: messagesBody("Ping"))
            #expect(response.status == 200)
            let json = try response.json()
            #expect(json["type"] as? String == "message")
            #expect(json["role"] as? String == "assistant")
            #expect(json["stop_reason"] as? String == "end_turn")
            let content = try #require(json["content"] as? [[String: Any]])
            #expect(content.first?["text"] as? String == "Hello from the fake Claude. You said: Ping")
            let usage = try #require(json["usage"] as? [String: Any])
            #expect(usage["input_tokens"] as? Int == 1)
            #expect(usage["output_tokens"] as? Int == 8)
        }
    }

    @Test func toolsScenarioPartialJSONReassembles() async throws {
        try await withFakeAnthropic { port, _ in
            let tools = """
                ,"tools":[{"name":"lookup","input_schema":{"type":"object"}},\
                {"name":"forecast","input_schema":{"type":"object"}}]
                """
            let body = messagesBody("Weather? [[scenario:tools]]", stream: true, extra: tools)
            let events = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body).events()
            var names: [Int: String] = [:]
            var ids: [Int: String] = [:]
            var partial: [Int: String] = [:]
            for event in events {
                let index = event.data["index"] as? Int ?? -1
                if event.name == "content_block_start", let block = event.data["content_block"] as? [String: Any],
                    block["type"] as? String == "tool_use"
                {
                    names[index] = block["name"] as? String
                    ids[index] = block["id"] as? String
                }
                if let delta = event.data["delta"] as? [String: Any], delta["type"] as? String == "input_json_delta" {
                    partial[index, default: ""] += delta["partial_json"] as? String ?? ""
                }
            }
            #expect(names == [1: "lookup", 2: "forecast"])
            #expect(ids == [1: "toolu_fake_1", 2: "toolu_fake_2"])
            let first = try JSONSerialization.jsonObject(with: Data(try #require(partial[1]).utf8)) as? [String: String]
            let second = try JSONSerialization.jsonObject(with: Data(try #require(partial[2]).utf8)) as? [String: String]
            #expect(first == ["city": "Paris", "unit": "celsius"])
            #expect(second == ["city": "Tokyo", "unit": "celsius"])
            let stop = events.first { $0.name == "message_delta" }?.data["delta"] as? [String: Any]
            #expect(stop?["stop_reason"] as? String == "tool_use")
        }
    }

    @Test func failOnceScenarioFailsThenSucceeds() async throws {
        try await withFakeAnthropic { port, _ in
            let body = messagesBody("Hello [[scenario:fail-529-once:abc]]")
            let first = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body)
            #expect(first.status == 529)
            let error = try first.json()
            #expect(error["type"] as? String == "error")
            #expect((error["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
            #expect(error["request_id"] as? String == first.headers["request-id"])
            let second = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body)
            #expect(second.status == 200)
            let other = messagesBody("Hello [[scenario:fail-529-once:xyz]]")
            #expect(try await RawHTTPClient.send(port: port, path: "/v1/messages", body: other).status == 529)
        }
    }

    @Test func rateLimitScenarioCarriesRetryAfter() async throws {
        try await withFakeAnthropic { port, _ in
            let response = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("x [[scenario:fail-429-once]]")
            )
            #expect(response.status == 429)
            #expect(response.headers["retry-after-ms"] == "10")
            let spend = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", body: messagesBody("x [[scenario:spend-limit]]")
            )
            #expect(spend.status == 429)
            #expect(spend.headers["retry-after"] == nil)
            let details = (try spend.json()["error"] as? [String: Any])?["details"] as? [String: Any]
            #expect(details?["error_code"] as? String == "enforced_spend_limit_reached")
        }
    }

    @Test func consecutiveRolesAreRejected() async throws {
        try await withFakeAnthropic { port, _ in
            let body = """
                {"model":"claude-sonnet-4-6","max_tokens":100,"messages":[\
                {"role":"user","content":"a"},{"role":"user","content":"b"}]}
                """
            let response = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: body)
            #expect(response.status == 400)
            let error = try #require(try response.json()["error"] as? [String: Any])
            #expect(error["type"] as? String == "invalid_request_error")
            #expect((error["message"] as? String)?.contains("roles must alternate") == true)
        }
    }

    @Test func headerAndModelRulesAreEnforced() async throws {
        try await withFakeAnthropic { port, _ in
            let noAuth = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", headers: ["anthropic-version": "2023-06-01"], body: messagesBody("a")
            )
            #expect(noAuth.status == 401)
            let bearer = try await RawHTTPClient.send(
                port: port, path: "/v1/messages", headers: ["authorization": "Bearer tok"], body: messagesBody("a")
            )
            #expect(bearer.status == 400)
            #expect(bearer.text.contains("anthropic-version"))
            let temperature = try await RawHTTPClient.send(
                port: port, path: "/v1/messages",
                body: messagesBody("a", model: "claude-opus-4-7", extra: ",\"temperature\":0.5")
            )
            #expect(temperature.status == 400)
            #expect(temperature.text.contains("`temperature` is deprecated for this model"))
            let unknown = try await RawHTTPClient.send(port: port, path: "/v1/messages", body: messagesBody("a", model: "gpt-4o"))
            #expect(unknown.status == 404)
            #expect(unknown.text.contains("not_found_error"))
        }
    }

    @Test func modelsPaginate() async throws {
        try await withFakeAnthropic { port, _ in
            let first = try await RawHTTPClient.send(port: port, method: "GET", path: "/v1/models?limit=2").json()
            #expect(first["has_more"] as? Bool == true)
            #expect(first["first_id"] as? String == "claude-opus-4-7")
            #expect((first["data"] as? [[String: Any]])?.count == 2)
            var seen = (first["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            var cursor = try #require(first["last_id"] as? String)
            while true {
                let page = try await RawHTTPClient.send(
                    port: port, method: "GET", path: "/v1/models?limit=2&after_id=\(cursor)"
                ).json()
                seen += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                guard page["has_more"] as? Bool == true else { break }
                cursor = try #require(page["last_id"] as? String)
            }
            #expect(seen == FakeModelCatalog.models.map(\.id))
            let one = try await RawHTTPClient.send(port: port, method: "GET", path: "/v1/models/claude-opus-4-7").json()
            let capabilities = one["capabilities"] as? [String: Any]
            let thinking = (capabilities?["thinking"] as? [String: Any])?["types"] as? [String: Any]
            #expect((thinking?["enabled"] as? [String: Any])?["supported"] as? Bool == false)
            let missing = try await RawHTTPClient.send(port: port, method: "GET", path: "/v1/models/claude-nope")
            #expect(missing.status == 404)
        }
    }

    @Test func clientDisconnectCancelsStream() async throws {
        try await withFakeAnthropic { port, fake in
            try await RawHTTPClient.sendAndHangUp(
                port: port, path: "/v1/messages", body: messagesBody("go [[scenario:slow]]", stream: true), after: "tick 3 "
            )
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(1))
            while await fake.stats.streamsCancelled == 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            let stats = await fake.stats
            #expect(stats.streamsStarted == 1)
            #expect(stats.streamsCancelled == 1)
            #expect(stats.streamsCompleted == 0)
        }
    }

    @Test func introspectionRoutes() async throws {
        try await withFakeAnthropic { port, fake in
            _ = try await RawHTTPClient.send(port: port, path: "/v1/messages/count_tokens", body: """
                {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"12345678"}]}
                """)
            let log = try await RawHTTPClient.send(port: port, method: "GET", path: "/_fake/requests")
            let entries = try #require(try JSONSerialization.jsonObject(with: log.body) as? [[String: Any]])
            #expect(entries.count == 1)
            #expect(entries.first?["path"] as? String == "/v1/messages/count_tokens")
            #expect((entries.first?["headers"] as? [String: String])?["x-api-key"] == "sk-ant-test")
            #expect((entries.first?["body"] as? [String: Any])?["model"] as? String == "claude-haiku-4-5-20251001")
            _ = try await RawHTTPClient.send(port: port, method: "DELETE", path: "/_fake/requests")
            #expect(await fake.requests.isEmpty)
            let stats = try await RawHTTPClient.send(port: port, method: "GET", path: "/_fake/stats").json()
            #expect(stats["streamsStarted"] as? Int == 0)
        }
    }
}
