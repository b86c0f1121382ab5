import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore
import ProxyServer
import Testing

/// The Responses store against the real server and the fake upstream: `previous_response_id`
/// replays the stored turns (streamed or not, reasoning included), `GET` and `DELETE
/// /v1/responses/{id}` in OpenAI's shapes, and the errors a client can act on.
@Suite(.serialized) struct ResponsesStoreEndToEndTests {
    static let tools = #"""
        [{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}},
         {"type":"function","name":"get_forecast","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]
        """#

    static func withStore(_ body: (ProxyHarness) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("responses-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await ProxyHarness.start(responsesPath: directory.appendingPathComponent("state.sqlite").path)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    static func create(_ harness: ProxyHarness, _ fields: String) async throws -> (status: Int, json: JSONValue) {
        let response = try await harness.post("/v1/responses", #"{"model":"sonnet",\#(fields)}"#)
        return (response.status, parse(response.body))
    }

    /// The last request the fake upstream received.
    static func lastUpstreamBody(_ harness: ProxyHarness) async throws -> JSONValue {
        let last = try #require(await harness.upstreamMessages().last)
        return parse(last.bodyString)
    }

    static func texts(_ message: JSONValue?) -> [String] {
        if let text = message?["content"]?.stringValue { return [text] }
        return (message?["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
    }

    @Test func healthShowsTheStoreAndWhatItHolds() async throws {
        try await Self.withStore { harness in
            let before = parse(try await harness.get("/health").body)["responses"]
            #expect(before?["store"] == true)
            #expect(before?["state"]?.stringValue == "ok")
            #expect(before?["stored"]?.intValue == 0)
            #expect(before?["max_megabytes"]?.intValue == 100)
            #expect(try await Self.create(harness, #""input":"Keep this one.""#).status == 200)
            #expect(try await Self.create(harness, #""input":"Not this one.","store":false"#).status == 200)
            let after = parse(try await harness.get("/health").body)["responses"]
            #expect(after?["stored"]?.intValue == 1)
            #expect((after?["bytes"]?.intValue ?? 0) > 0)
        }
        let plain = try await ProxyHarness.start()
        let off = parse(try await plain.get("/health").body)["responses"]
        await plain.stop()
        #expect(off?["store"] == false)
    }

    @Test func previousResponseIDReplaysTheStoredTurnsUpstream() async throws {
        try await Self.withStore { harness in
            let first = try await Self.create(harness, #""input":"My name is Ada.""#)
            #expect(first.status == 200)
            #expect(first.json["store"] == true)
            let firstID = try #require(first.json["id"]?.stringValue)
            let firstText = try #require(first.json["output"]?[0]?["content"]?[0]?["text"]?.stringValue)

            let second = try await Self.create(harness, #""input":"What is my name?","previous_response_id":"\#(firstID)""#)
            #expect(second.status == 200)
            #expect(second.json["previous_response_id"]?.stringValue == firstID)
            let messages = try #require(try await Self.lastUpstreamBody(harness)["messages"]?.arrayValue)
            #expect(messages.map { $0["role"]?.stringValue } == ["user", "assistant", "user"])
            #expect(Self.texts(messages[0]) == ["My name is Ada."])
            #expect(Self.texts(messages[1]) == [firstText])
            #expect(Self.texts(messages[2]) == ["What is my name?"])

            // A third turn carries both earlier ones.
            let secondID = try #require(second.json["id"]?.stringValue)
            _ = try await Self.create(harness, #""input":"And again?","previous_response_id":"\#(secondID)""#)
            let third = try #require(try await Self.lastUpstreamBody(harness)["messages"]?.arrayValue)
            #expect(third.count == 5)
        }
    }

    @Test func aStreamedResponseIsStoredBeforeItsLastEventReachesTheClient() async throws {
        try await Self.withStore { harness in
            let streamed = try await harness.post("/v1/responses", #"{"model":"sonnet","stream":true,"input":"Count to three."}"#)
            let events = streamed.body.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { parse(String($0.dropFirst(6))) }
            let completed = try #require(events.last)
            #expect(completed["type"] == "response.completed")
            let id = try #require(completed["response"]?["id"]?.stringValue)
            // Sent the moment the stream ends: the store must already have it.
            let next = try await Self.create(harness, #""input":"Again.","previous_response_id":"\#(id)""#)
            #expect(next.status == 200)
            let messages = try #require(try await Self.lastUpstreamBody(harness)["messages"]?.arrayValue)
            #expect(messages.count == 3)
            let stored = try await harness.get("/v1/responses/\(id)")
            #expect(stored.status == 200)
            #expect(parse(stored.body)["output"] == completed["response"]?["output"])
        }
    }

    @Test func getReturnsTheResponseAndDeleteRemovesIt() async throws {
        try await Self.withStore { harness in
            let created = try await Self.create(harness, #""input":"Hello there.""#)
            let id = try #require(created.json["id"]?.stringValue)
            let fetched = try await harness.get("/v1/responses/\(id)")
            #expect(fetched.status == 200)
            #expect(parse(fetched.body) == created.json)

            let deleted = try await harness.delete("/v1/responses/\(id)")
            #expect(deleted.status == 200)
            #expect(parse(deleted.body) == ["id": .string(id), "object": "response", "deleted": true])

            let gone = try await harness.get("/v1/responses/\(id)")
            #expect(gone.status == 404)
            #expect(parse(gone.body)["error"]?["type"] == "invalid_request_error")
            #expect(try await harness.delete("/v1/responses/\(id)").status == 404)
            let continued = try await Self.create(harness, #""input":"hi","previous_response_id":"\#(id)""#)
            #expect(continued.status == 404)
            #expect(continued.json["error"]?["param"] == "previous_response_id")
        }
    }

    @Test func anUnknownPreviousResponseIsA404NamingTheParameterAndNothingGoesUpstream() async throws {
        try await Self.withStore { harness in
            let before = await harness.upstreamMessages().count
            let response = try await Self.create(harness, #""input":"hi","previous_response_id":"resp_nope""#)
            #expect(response.status == 404)
            #expect(response.json["error"]?["param"] == "previous_response_id")
            #expect(response.json["error"]?["code"] == "previous_response_not_found")
            #expect(await harness.upstreamMessages().count == before)
        }
    }

    @Test func storeFalseKeepsNothing() async throws {
        try await Self.withStore { harness in
            let created = try await Self.create(harness, #""input":"Forget me.","store":false"#)
            #expect(created.json["store"] == false)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(try await harness.get("/v1/responses/\(id)").status == 404)
            let continued = try await Self.create(harness, #""input":"hi","previous_response_id":"\#(id)""#)
            #expect(continued.status == 404)
        }
    }

    @Test func withTheStoreOffPreviousResponseIDIsA400SayingSo() async throws {
        let harness = try await ProxyHarness.start()
        defer { Task { await harness.stop() } }
        let created = try await Self.create(harness, #""input":"hi""#)
        #expect(created.json["store"] == false)
        let continued = try await Self.create(harness, #""input":"hi","previous_response_id":"resp_1""#)
        #expect(continued.status == 400)
        #expect(continued.json["error"]?["param"] == "previous_response_id")
        #expect(continued.json["error"]?["message"]?.stringValue?.contains("responses.store") == true)
        #expect(try await harness.get("/v1/responses/resp_1").status == 404)
    }

    @Test func signedThinkingReplaysThroughAStoredToolLoop() async throws {
        try await Self.withStore { harness in
            let model = "claude-sonnet-4-5-20250929"
            let first = try await harness.post(
                "/v1/responses",
                #"{"model":"\#(model)","input":"Weather in Paris and forecast for Tokyo? [[scenario:tools]]","tools":\#(Self.tools),"reasoning":{"effort":"medium","summary":"auto"}}"#
            )
            let response = parse(first.body)
            let output = try #require(response["output"]?.arrayValue)
            #expect(output.first?["type"] == "reasoning")
            // Not asked for with `include`: the client does not get the signed thinking...
            #expect(output.first?["encrypted_content"] == nil)
            let calls = output.filter { $0["type"] == "function_call" }
            #expect(calls.count == 2)
            let id = try #require(response["id"]?.stringValue)
            let results = calls.map { call in
                #"{"type":"function_call_output","call_id":"\#(call["call_id"]?.stringValue ?? "")","output":"18 degrees"}"#
            }.joined(separator: ",")
            let second = try await harness.post(
                "/v1/responses",
                #"{"model":"\#(model)","previous_response_id":"\#(id)","input":[\#(results)],"tools":\#(Self.tools),"reasoning":{"effort":"medium"}}"#
            )
            #expect(second.status == 200, "\(second.body)")
            // ...but the store kept it, and the continued turn replays it upstream.
            let messages = try #require(try await Self.lastUpstreamBody(harness)["messages"]?.arrayValue)
            let assistant = try #require(messages[1]["content"]?.arrayValue)
            #expect(assistant.first?["type"] == "thinking")
            #expect(assistant.first?["signature"]?.stringValue?.isEmpty == false)
            #expect(assistant.filter { $0["type"] == "tool_use" }.count == 2)
        }
    }

    @Test func includeReturnsEncryptedReasoningAndItemsSentBackByIDAreFilledIn() async throws {
        try await Self.withStore { harness in
            let model = "claude-sonnet-4-5-20250929"
            let prompt = "Weather in Paris and forecast for Tokyo? [[scenario:tools]]"
            let included = try await harness.post(
                "/v1/responses",
                #"{"model":"\#(model)","input":"\#(prompt)","tools":\#(Self.tools),"reasoning":{"effort":"medium"},"include":["reasoning.encrypted_content"]}"#
            )
            #expect(parse(included.body)["output"]?[0]?["encrypted_content"]?.stringValue?.isEmpty == false)

            let plain = parse(
                try await harness.post(
                    "/v1/responses",
                    #"{"model":"\#(model)","input":"\#(prompt)","tools":\#(Self.tools),"reasoning":{"effort":"medium"}}"#
                ).body)
            let output = try #require(plain["output"]?.arrayValue)
            let id = try #require(plain["id"]?.stringValue)
            // GET honours include as a query parameter, as the SDKs send it.
            let fetched = try await harness.get("/v1/responses/\(id)?include%5B%5D=reasoning.encrypted_content")
            #expect(parse(fetched.body)["output"]?[0]?["encrypted_content"]?.stringValue?.isEmpty == false)

            // An agent loop that sends the output items back itself (reasoning by id only).
            var history: [JSONValue] = [["role": "user", "content": .string(prompt)]]
            history += output
            for call in output where call["type"] == "function_call" {
                history.append(["type": "function_call_output", "call_id": call["call_id"] ?? "", "output": "18 degrees"])
            }
            let input = JSONWriter.string(.array(history))
            let second = try await harness.post(
                "/v1/responses",
                #"{"model":"\#(model)","input":\#(input),"tools":\#(Self.tools),"reasoning":{"effort":"medium"}}"#)
            #expect(second.status == 200, "\(second.body)")
            let messages = try #require(try await Self.lastUpstreamBody(harness)["messages"]?.arrayValue)
            #expect(messages[1]["content"]?[0]?["type"] == "thinking")
            #expect(messages[1]["content"]?[0]?["signature"]?.stringValue?.isEmpty == false)
        }
    }
}

extension ProxyHarness {
    func delete(_ path: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .DELETE
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }
}
