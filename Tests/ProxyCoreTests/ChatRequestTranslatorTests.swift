import ProxyCore
import Testing

@Suite struct ChatRequestTranslatorTests {
    @Test func systemAndDeveloperMessagesAreHoistedInOrderWherever() throws {
        let request = try #require(
            translate(
                #"{"model":"m","messages":[{"role":"system","content":"A"},{"role":"user","content":"hi"},{"role":"developer","content":[{"type":"text","text":"B"}]},{"role":"assistant","content":"yo"},{"role":"user","content":"again"}]}"#
            ))
        #expect(request.body["system"] == json(#"[{"type":"text","text":"A"},{"type":"text","text":"B"}]"#))
        #expect(request.body["messages"]?.arrayValue?.map { $0["role"]?.stringValue } == ["user", "assistant", "user"])
        #expect(request.clientSystemPrompt == "A\nB")
    }

    @Test func consecutiveSameRoleTurnsAreMerged() throws {
        let request = try #require(
            translate(#"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}"#))
        #expect(
            request.body["messages"]
                == json(#"[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]"#))
    }

    @Test func conversationOpeningWithAssistantGetsAUserTurnFirst() throws {
        let request = try #require(
            translate(#"{"model":"m","messages":[{"role":"assistant","content":"hello"},{"role":"user","content":"hi"}]}"#))
        #expect(request.body["messages"]?.arrayValue?.first?["role"] == "user")
    }

    @Test func prefillIsKeptForModelsThatAcceptItAndFollowedByAUserTurnOtherwise() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"{"}]}"#
        let allowed = try #require(translate(body))
        #expect(allowed.body["messages"]?.arrayValue?.last?["role"] == "assistant")
        let rejected = try #require(translate(body, context(model: "claude-opus-4-7", capabilities: opus47Capabilities)))
        #expect(rejected.body["messages"]?.arrayValue?.last?["role"] == "user")
        #expect(rejected.notes.contains { $0.contains("prefill") })
    }

    @Test func userNameBecomesAPrefix() throws {
        let request = try #require(
            translate(#"{"model":"m","messages":[{"role":"user","name":"alice","content":"hi"}]}"#))
        #expect(request.body["messages"]?[0]?["content"]?.arrayValue?[0]["text"] == "alice: hi")
    }

    @Test func imagePartsBecomeBase64OrURLSources() throws {
        let request = try #require(
            translate(
                #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"what?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"high"}}]}]}"#
            ))
        let content = try #require(request.body["messages"]?[0]?["content"]?.arrayValue)
        #expect(content[1] == json(#"{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}"#))
        #expect(content[2] == json(#"{"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}"#))
    }

    @Test func pdfFilePartBecomesADocumentBlock() throws {
        let request = try #require(
            translate(
                #"{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}"#
            ))
        #expect(
            request.body["messages"]?[0]?["content"]?[0]
                ?? .null
                == json(#"{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="},"title":"a.pdf"}"#))
    }

    struct BadRequest: Sendable, CustomTestStringConvertible {
        let body: String
        let param: String
        var testDescription: String { param }
    }

    @Test(arguments: [
        BadRequest(body: #"{"model":"m"}"#, param: "messages"),
        BadRequest(body: #"{"model":"m","messages":[]}"#, param: "messages"),
        BadRequest(body: #"{"model":"m","messages":"hi"}"#, param: "messages"),
        BadRequest(body: #"{"model":"m","messages":[{"content":"x"}]}"#, param: "messages[0].role"),
        BadRequest(body: #"{"model":"m","messages":[{"role":"wizard","content":"x"}]}"#, param: "messages[0].role"),
        BadRequest(body: #"{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}"#, param: "messages[0].content[0].type"),
        BadRequest(body: #"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/bmp;base64,AAA"}}]}]}"#, param: "messages[0].content[0].image_url.url"),
        BadRequest(body: #"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x"}}]}]}"#, param: "messages[0].content[0].image_url.url"),
        BadRequest(body: #"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{oops"}}]}]}"#, param: "messages[1].tool_calls[0].function.arguments"),
        BadRequest(body: #"{"model":"m","messages":[{"role":"tool","content":"x"}]}"#, param: "messages[0].tool_call_id"),
        BadRequest(body: #"{"model":"m","n":2,"messages":[{"role":"user","content":"x"}]}"#, param: "n"),
        BadRequest(body: #"{"model":"m","max_tokens":"ten","messages":[{"role":"user","content":"x"}]}"#, param: "max_tokens"),
        BadRequest(body: #"{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]}"#, param: "max_tokens"),
        BadRequest(body: #"{"model":"m","temperature":3,"messages":[{"role":"user","content":"x"}]}"#, param: "temperature"),
        BadRequest(body: #"{"model":"m","stream":"yes","messages":[{"role":"user","content":"x"}]}"#, param: "stream"),
        BadRequest(body: #"{"model":"m","tools":[{"type":"web_search"}],"messages":[{"role":"user","content":"x"}]}"#, param: "tools[0].type"),
        BadRequest(body: #"{"model":"m","tool_choice":"sometimes","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"x"}]}"#, param: "tool_choice"),
        BadRequest(body: #"{"model":"m","reasoning_effort":"extreme","messages":[{"role":"user","content":"x"}]}"#, param: "reasoning_effort"),
        BadRequest(body: #"{"model":"m","response_format":{"type":"yaml"},"messages":[{"role":"user","content":"x"}]}"#, param: "response_format.type"),
        BadRequest(body: #"{"model":"m","stop":[1],"messages":[{"role":"user","content":"x"}]}"#, param: "stop[0]"),
    ])
    func badInputIsA400NamingTheField(_ bad: BadRequest) throws {
        let error = try #require(translationError(bad.body))
        #expect(error.status == 400)
        #expect(error.param == bad.param, "\(error.message)")
    }

    @Test func toleratesFieldsRealClientsSend() throws {
        let request = try #require(
            translate(
                #"{"model":"m","messages":[{"role":"user","content":"x","name":"bob"}],"store":false,"stream_options":{"include_usage":true},"metadata":{"a":"b"},"parallel_tool_calls":true,"logit_bias":{},"stop":[],"seed":1,"tools":[],"presence_penalty":0,"frequency_penalty":0,"logprobs":false,"service_tier":"auto","n":1}"#
            ))
        #expect(request.body["tools"] == nil)
        #expect(request.body["stop_sequences"] == nil)
    }

    @Test func maxTokensComesFromEitherFieldOrTheModel() throws {
        let explicit = try #require(translate(#"{"model":"m","max_completion_tokens":100,"messages":[{"role":"user","content":"x"}]}"#))
        #expect(explicit.body["max_tokens"] == 100)
        let legacy = try #require(translate(#"{"model":"m","max_tokens":50,"messages":[{"role":"user","content":"x"}]}"#))
        #expect(legacy.body["max_tokens"] == 50)
        let neither = try #require(translate(#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#, context(maxTokens: 4096)))
        #expect(neither.body["max_tokens"] == 4096)
        let capped = try #require(translate(#"{"model":"m","max_tokens":999999,"messages":[{"role":"user","content":"x"}]}"#, context(maxTokens: 64000)))
        #expect(capped.body["max_tokens"] == 64000)
    }

    @Test func samplingParametersAreMappedOrDroppedPerModel() throws {
        let body = #"{"model":"m","temperature":1.6,"top_p":0.9,"messages":[{"role":"user","content":"x"}]}"#
        let sonnet = try #require(translate(body))
        #expect(sonnet.body["temperature"] == 1)
        #expect(sonnet.body["top_p"] == nil)
        let opus = try #require(translate(body, context(model: "claude-opus-4-7", capabilities: opus47Capabilities)))
        #expect(opus.body["temperature"] == nil)
        #expect(opus.body["top_p"] == nil)
        let topPOnly = try #require(translate(#"{"model":"m","top_p":0.5,"messages":[{"role":"user","content":"x"}]}"#))
        #expect(topPOnly.body["top_p"] == 0.5)
    }

    @Test func stopSequencesDropEmptyAndWhitespaceEntries() throws {
        let single = try #require(translate(#"{"model":"m","stop":"END","messages":[{"role":"user","content":"x"}]}"#))
        #expect(single.body["stop_sequences"] == ["END"])
        let list = try #require(translate(#"{"model":"m","stop":["a",""," \n","b"],"messages":[{"role":"user","content":"x"}]}"#))
        #expect(list.body["stop_sequences"] == ["a", "b"])
    }

    @Test func userBecomesMetadataUserIDUnlessItLooksLikeAnEmail() throws {
        let plain = try #require(translate(#"{"model":"m","user":"bot-7","messages":[{"role":"user","content":"x"}]}"#))
        #expect(plain.body["metadata"] == ["user_id": "bot-7"])
        let email = try #require(translate(#"{"model":"m","user":"a@b.c","messages":[{"role":"user","content":"x"}]}"#))
        #expect(email.body["metadata"] == nil)
    }

    @Test func streamFlagIsForwarded() throws {
        let request = try #require(translate(#"{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"#))
        #expect(request.stream)
        #expect(request.body["stream"] == true)
    }
}
