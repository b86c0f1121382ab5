import ProxyCore
import Testing

/// `POST /v1/responses` bodies → Anthropic Messages requests.
@Suite struct ResponsesRequestTranslatorTests {
    struct Mapping: CustomTestStringConvertible, Sendable {
        let body: String
        /// A path in the Anthropic body, and the JSON expected there (`absent` when it must not be set).
        let path: String
        let expected: String
        var testDescription: String { "\(path) ← \(body.prefix(80))" }
    }

    static let absent = "absent"
    static let user = #""input":"hi""#

    @Test(arguments: [
        // input
        Mapping(body: #"{"input":"hello"}"#, path: "messages", expected: #"[{"role":"user","content":[{"type":"text","text":"hello"}]}]"#),
        Mapping(body: #"{"input":[{"role":"user","content":"easy form"}]}"#, path: "messages[0].content[0].text", expected: #""easy form""#),
        Mapping(body: #"{"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"a"},{"type":"input_text","text":"b"}]}]}"#, path: "messages[0].content", expected: #"[{"type":"text","text":"a"},{"type":"text","text":"b"}]"#),
        Mapping(body: #"{"input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,iVBOR","detail":"auto"}]}]}"#, path: "messages[0].content[0]", expected: #"{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}"#),
        Mapping(body: #"{"input":[{"role":"user","content":[{"type":"input_image","image_url":"https://example.com/cat.jpg"}]}]}"#, path: "messages[0].content[0].source", expected: #"{"type":"url","url":"https://example.com/cat.jpg"}"#),
        Mapping(body: #"{"input":[{"role":"user","content":[{"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,JVBER"}]}]}"#, path: "messages[0].content[0]", expected: #"{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBER"},"title":"a.pdf"}"#),
        Mapping(body: #"{"input":[{"role":"user","content":[{"type":"input_file","file_url":"https://example.com/a.pdf"}]}]}"#, path: "messages[0].content[0].source", expected: #"{"type":"url","url":"https://example.com/a.pdf"}"#),
        Mapping(body: #"{"input":[{"role":"user","content":"q"},{"type":"message","role":"assistant","id":"msg_1","status":"completed","content":[{"type":"output_text","text":"a","annotations":[]}]},{"role":"user","content":"q2"}]}"#, path: "messages[1]", expected: #"{"role":"assistant","content":[{"type":"text","text":"a"}]}"#),
        Mapping(body: #"{"input":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}"#, path: "messages", expected: #"[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]"#),
        Mapping(body: #"{"input":[{"role":"assistant","content":"hello"},{"role":"user","content":"hi"}]}"#, path: "messages[0].role", expected: #""user""#),
        Mapping(body: #"{"input":[{"role":"user","content":"go"},{"type":"function_call","call_id":"call_1","name":"lookup","arguments":"{\"q\":\"pi\"}"}]}"#, path: "messages[1]", expected: #"{"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"lookup","input":{"q":"pi"}}]}"#),
        Mapping(body: #"{"input":[{"role":"user","content":"go"},{"type":"function_call","call_id":"c1","name":"f","arguments":""},{"type":"function_call","call_id":"c2","name":"g","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"one"},{"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"two"},{"type":"input_image","image_url":"data:image/png;base64,AAAA"}]}]}"#, path: "messages[2]", expected: #"{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"one"},{"type":"tool_result","tool_use_id":"c2","content":[{"type":"text","text":"two"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}]}"#),
        Mapping(body: #"{"input":[{"role":"user","content":"go"},{"type":"reasoning","id":"rs_x","summary":[],"encrypted_content":"gAAAAB-not-ours"},{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}"#, path: "messages[1].content", expected: #"[{"type":"tool_use","id":"c1","name":"f","input":{}}]"#),
        // instructions, system and developer items, identity
        Mapping(body: #"{"instructions":"Be brief.","input":[{"role":"developer","content":"Use metric."},{"role":"user","content":"hi"},{"role":"system","content":[{"type":"input_text","text":"Late."}]}]}"#, path: "system", expected: #"[{"type":"text","text":"Be brief."},{"type":"text","text":"Use metric."},{"type":"text","text":"Late."}]"#),
        Mapping(body: #"{"input":"hi"}"#, path: "system", expected: ResponsesRequestTranslatorTests.absent),
        // tools and tool choice
        Mapping(body: #"{"input":"hi","tools":[{"type":"function","name":"lookup","description":"Find","parameters":{"type":"object","properties":{"q":{"type":"string"}}},"strict":true}]}"#, path: "tools", expected: #"[{"name":"lookup","description":"Find","input_schema":{"type":"object","properties":{"q":{"type":"string"}}},"strict":true}]"#),
        Mapping(body: #"{"input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":"required"}"#, path: "tool_choice", expected: #"{"type":"any"}"#),
        Mapping(body: #"{"input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":"none"}"#, path: "tool_choice", expected: #"{"type":"none"}"#),
        Mapping(body: #"{"input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"function","name":"f"}}"#, path: "tool_choice", expected: #"{"type":"tool","name":"f"}"#),
        Mapping(body: #"{"input":"hi","tools":[{"type":"function","name":"f"}],"parallel_tool_calls":false}"#, path: "tool_choice", expected: #"{"type":"auto","disable_parallel_tool_use":true}"#),
        // text.format
        Mapping(body: #"{"input":"hi","text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}}}"#, path: "output_config.format", expected: #"{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}}"#),
        Mapping(body: #"{"input":"hi","text":{"format":{"type":"json_object"}}}"#, path: "tool_choice", expected: #"{"type":"tool","name":"json_response"}"#),
        Mapping(body: #"{"input":"hi","text":{"format":{"type":"text"},"verbosity":"low"}}"#, path: "output_config", expected: ResponsesRequestTranslatorTests.absent),
        // reasoning, output cap, sampling, user
        Mapping(body: #"{"input":"hi","reasoning":{"effort":"high","summary":"auto"},"max_output_tokens":20000}"#, path: "thinking", expected: #"{"type":"enabled","budget_tokens":8192,"display":"summarized"}"#),
        Mapping(body: #"{"input":"hi","max_output_tokens":300}"#, path: "max_tokens", expected: "300"),
        Mapping(body: #"{"input":"hi"}"#, path: "max_tokens", expected: "8192"),
        Mapping(body: #"{"input":"hi","max_output_tokens":999999}"#, path: "max_tokens", expected: "64000"),
        Mapping(body: #"{"input":"hi","temperature":1.5}"#, path: "temperature", expected: "1"),
        Mapping(body: #"{"input":"hi","top_p":0.5}"#, path: "top_p", expected: "0.5"),
        Mapping(body: #"{"input":"hi","user":"u-42"}"#, path: "metadata", expected: #"{"user_id":"u-42"}"#),
        Mapping(body: #"{"input":"hi","safety_identifier":"hash-1"}"#, path: "metadata", expected: #"{"user_id":"hash-1"}"#),
        Mapping(body: #"{"input":"hi","metadata":{"app":"x"}}"#, path: "metadata", expected: ResponsesRequestTranslatorTests.absent),
        Mapping(body: #"{"input":"hi","stream":true}"#, path: "stream", expected: "true"),
        // accepted and not honoured
        Mapping(body: #"{"input":"hi","prompt_cache_key":"k","service_tier":"flex","top_logprobs":3,"truncation":"auto","store":false,"include":["reasoning.encrypted_content"],"max_tool_calls":4,"stream_options":{"include_obfuscation":false},"background":false}"#, path: "messages[0].content[0].text", expected: #""hi""#),
    ])
    func fieldsMapOntoTheMessagesRequest(_ mapping: Mapping) throws {
        let request = try #require(responsesTranslate(mapping.body))
        let found = value(at: mapping.path, in: .object(request.body))
        if mapping.expected == Self.absent {
            #expect(found == nil, "\(found.map(JSONWriter.string) ?? "")")
        } else {
            #expect(found == json(mapping.expected), "\(found.map(JSONWriter.string) ?? "nil")")
        }
    }

    struct BadRequest: CustomTestStringConvertible, Sendable {
        let body: String
        let param: String
        var mentions: String = ""
        var testDescription: String { param }
    }

    @Test(arguments: [
        BadRequest(body: #"{"model":"m"}"#, param: "input"),
        BadRequest(body: #"{"input":42}"#, param: "input"),
        BadRequest(body: #"{"input":[]}"#, param: "input"),
        BadRequest(body: #"{"input":[{"role":"system","content":"only system"}]}"#, param: "input"),
        BadRequest(body: #"{"input":["hi"]}"#, param: "input[0]"),
        BadRequest(body: #"{"input":[{"content":"x"}]}"#, param: "input[0].type"),
        BadRequest(body: #"{"input":[{"type":"web_search_call","id":"ws_1"}]}"#, param: "input[0].type", mentions: "web_search_call"),
        BadRequest(body: #"{"input":[{"type":"item_reference","id":"msg_1"}]}"#, param: "input[0].type", mentions: "previous_response_id"),
        BadRequest(body: #"{"input":[{"type":"message","role":"tool","content":"x"}]}"#, param: "input[0].role"),
        BadRequest(body: #"{"input":[{"role":"user","content":[{"type":"input_audio"}]}]}"#, param: "input[0].content[0].type"),
        BadRequest(body: #"{"input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]}"#, param: "input[0].content[0].file_id"),
        BadRequest(body: #"{"input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/bmp;base64,AAA"}]}]}"#, param: "input[0].content[0].image_url"),
        BadRequest(body: #"{"input":[{"role":"user","content":[{"type":"input_file","file_id":"file-1"}]}]}"#, param: "input[0].content[0].file_id"),
        BadRequest(body: #"{"input":[{"role":"user","content":[{"type":"input_file","file_data":"data:text/plain;base64,AAA"}]}]}"#, param: "input[0].content[0].file_data"),
        BadRequest(body: #"{"input":[{"role":"assistant","content":[{"type":"input_image","image_url":"https://x/y.png"}]}]}"#, param: "input[0].content[0].type"),
        BadRequest(body: #"{"input":[{"type":"function_call","name":"f","arguments":"{}"}]}"#, param: "input[0].call_id"),
        BadRequest(body: #"{"input":[{"type":"function_call","call_id":"c","name":"f","arguments":"{oops"}]}"#, param: "input[0].arguments"),
        BadRequest(body: #"{"input":[{"type":"function_call_output","output":"x"}]}"#, param: "input[0].call_id"),
        BadRequest(body: #"{"input":"hi","tools":[{"type":"web_search"}]}"#, param: "tools[0].type", mentions: "Claude has no such built-in"),
        BadRequest(body: #"{"input":"hi","tools":[{"type":"file_search","vector_store_ids":["vs"]}]}"#, param: "tools[0].type", mentions: "Claude has no such built-in"),
        BadRequest(body: #"{"input":"hi","tools":[{"type":"function","name":"f"},{"type":"code_interpreter"}]}"#, param: "tools[1].type"),
        BadRequest(body: #"{"input":"hi","tools":[{"type":"function"}]}"#, param: "tools[0].name"),
        BadRequest(body: #"{"input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":"sometimes"}"#, param: "tool_choice"),
        BadRequest(body: #"{"input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"file_search"}}"#, param: "tool_choice.type"),
        BadRequest(body: #"{"input":"hi","text":{"format":{"type":"yaml"}}}"#, param: "text.format.type"),
        BadRequest(body: #"{"input":"hi","text":{"format":{"type":"json_schema","name":"a"}}}"#, param: "text.format.schema"),
        BadRequest(body: #"{"input":"hi","reasoning":{"effort":"extreme"}}"#, param: "reasoning.effort"),
        BadRequest(body: #"{"input":"hi","reasoning":{"summary":"verbose"}}"#, param: "reasoning.summary"),
        BadRequest(body: #"{"input":"hi","max_output_tokens":0}"#, param: "max_output_tokens"),
        BadRequest(body: #"{"input":"hi","temperature":3}"#, param: "temperature"),
        BadRequest(body: #"{"input":"hi","metadata":{"n":1}}"#, param: "metadata.n"),
        BadRequest(body: #"{"input":"hi","truncation":"sometimes"}"#, param: "truncation"),
        BadRequest(body: #"{"input":"hi","background":true}"#, param: "background"),
        BadRequest(body: #"{"input":"hi","conversation":"conv_1"}"#, param: "conversation"),
        BadRequest(body: #"{"input":"hi","prompt":{"id":"pmpt_1"}}"#, param: "prompt"),
        BadRequest(body: #"{"input":"hi","store":"yes"}"#, param: "store"),
        BadRequest(body: #"{"input":"hi","include":[1]}"#, param: "include[0]"),
        BadRequest(body: #"{"input":"hi","previous_response_id":""}"#, param: "previous_response_id"),
    ])
    func badInputIsA400NamingTheField(_ bad: BadRequest) throws {
        let error = try #require(responsesError(bad.body))
        #expect(error.status == 400)
        #expect(error.param == bad.param, "\(error.message)")
        if !bad.mentions.isEmpty { #expect(error.message.contains(bad.mentions), "\(error.message)") }
    }

    @Test func theEchoCarriesWhatTheResponseRepeatsAndTheServerActsOn() throws {
        let request = try #require(
            responsesTranslate(
                #"{"input":"hi","instructions":"Be brief.","tools":[{"type":"function","name":"f"}],"tool_choice":"required","parallel_tool_calls":false,"temperature":0.2,"max_output_tokens":100,"metadata":{"app":"x"},"text":{"format":{"type":"text"}},"reasoning":{"effort":"low"},"store":false,"previous_response_id":"resp_1","include":["reasoning.encrypted_content"],"truncation":"auto"}"#
            ))
        let echo = try #require(request.responses)
        #expect(echo.instructions == "Be brief.")
        #expect(echo.tools == json(#"[{"type":"function","name":"f"}]"#))
        #expect(echo.toolChoice == "required")
        #expect(echo.parallelToolCalls == false)
        #expect(echo.temperature == 0.2)
        #expect(echo.maxOutputTokens == 100)
        #expect(echo.metadata == json(#"{"app":"x"}"#))
        #expect(echo.reasoning == json(#"{"effort":"low","summary":null}"#))
        #expect(echo.store == false)
        #expect(echo.previousResponseID == "resp_1")
        #expect(echo.include == ["reasoning.encrypted_content"])
        #expect(echo.truncation == "auto")
        #expect(echo.inputItems == [json(#"{"type":"message","role":"user","content":"hi"}"#)])
        #expect(request.notes.contains { $0.contains("truncation auto") })
    }

    @Test func defaultsMatchOpenAIs() throws {
        let echo = try #require(responsesTranslate(#"{"input":"hi"}"#)?.responses)
        #expect(echo.store == true)
        #expect(echo.parallelToolCalls == true)
        #expect(echo.toolChoice == "auto")
        #expect(echo.previousResponseID == nil)
    }

    @Test func instructionsGetTheIdentityAsChatDoes() throws {
        let identity = IdentitySettings(systemPrompt: "You are Pi.", mode: .prepend)
        let request = try #require(responsesTranslate(#"{"instructions":"Be brief.","input":"hi"}"#, context(identity: identity)))
        #expect(request.body["system"] == json(#"[{"type":"text","text":"You are Pi."},{"type":"text","text":"Be brief."}]"#))
        #expect(request.clientSystemPrompt == "Be brief.")
        #expect(request.upstreamSystemPrompt == "You are Pi.\nBe brief.")
    }

    @Test func perModelRulesApplyAsForChat() throws {
        let opus = context(model: "claude-opus-4-7", capabilities: opus47Capabilities)
        let request = try #require(
            responsesTranslate(
                #"{"input":[{"role":"user","content":"hi"},{"role":"assistant","content":"{"}],"temperature":0.3,"reasoning":{"effort":"high"},"tools":[{"type":"function","name":"f"}],"tool_choice":"required"}"#,
                opus))
        #expect(request.body["thinking"] == json(#"{"type":"adaptive","display":"summarized"}"#))
        #expect(request.body["output_config"] == json(#"{"effort":"high"}"#))
        #expect(request.body["temperature"] == nil)
        #expect(request.body["tool_choice"] == json(#"{"type":"auto"}"#))
        #expect(request.body["messages"]?.arrayValue?.last?["role"] == "user")
        let forced = try #require(
            responsesTranslate(#"{"input":"hi","text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"}}}}"#, context(capabilities: haikuCapabilities)))
        #expect(forced.responseFormatTool == "answer")
        #expect(forced.body["tool_choice"] == json(#"{"type":"tool","name":"answer"}"#))
    }

    @Test func historyGoesBeforeInput() throws {
        let history = [
            json(#"{"type":"message","role":"user","content":"first"}"#),
            json(#"{"type":"message","role":"assistant","content":[{"type":"output_text","text":"one"}]}"#),
        ]
        let request = try #require(responsesTranslate(#"{"input":"second","previous_response_id":"resp_1"}"#, history: history))
        #expect(
            request.body["messages"]
                == json(#"[{"role":"user","content":[{"type":"text","text":"first"}]},{"role":"assistant","content":[{"type":"text","text":"one"}]},{"role":"user","content":[{"type":"text","text":"second"}]}]"#))
        #expect(request.responses?.inputItems.count == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func aLongToolLoopHistoryIsTranslatedInLinearTime() throws {
        var items: [String] = []
        for index in 0..<20_000 {
            items.append(#"{"role":"user","content":"u\#(index)"}"#)
            items.append(#"{"role":"user","content":"again"}"#)
            items.append(#"{"type":"function_call","call_id":"c\#(index)","name":"f","arguments":"{}"}"#)
            items.append(#"{"type":"function_call_output","call_id":"c\#(index)","output":"ok"}"#)
        }
        let request = try #require(responsesTranslate(#"{"input":[\#(items.joined(separator: ","))]}"#))
        let messages = try #require(request.body["messages"]?.arrayValue)
        #expect(messages.count == 40_001)
        #expect(messages[39_998]["content"]?[0]?["type"] == "tool_result")
        #expect(messages[39_998]["content"]?[1]?["text"] == "u19999")
    }
}
