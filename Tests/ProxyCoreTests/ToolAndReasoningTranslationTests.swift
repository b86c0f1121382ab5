import ProxyCore
import Testing

@Suite struct ToolAndReasoningTranslationTests {
    static let weatherTool =
        #"{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}}"#

    @Test func functionToolsBecomeInputSchemaTools() throws {
        let request = try #require(
            translate(#"{"model":"m","tools":[\#(Self.weatherTool),{"type":"function","function":{"name":"noargs"}}],"messages":[{"role":"user","content":"x"}]}"#))
        #expect(
            request.body["tools"]
                == json(
                    #"[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true},{"name":"noargs","input_schema":{"type":"object","properties":{}}}]"#
                ))
    }

    struct ChoiceCase: Sendable, CustomTestStringConvertible {
        let choice: String
        let parallel: String
        let expected: String?
        var testDescription: String { "\(choice) parallel=\(parallel)" }
    }

    @Test(arguments: [
        ChoiceCase(choice: #""auto""#, parallel: "null", expected: #"{"type":"auto"}"#),
        ChoiceCase(choice: #""none""#, parallel: "null", expected: #"{"type":"none"}"#),
        ChoiceCase(choice: #""required""#, parallel: "null", expected: #"{"type":"any"}"#),
        ChoiceCase(choice: #"{"type":"function","function":{"name":"get_weather"}}"#, parallel: "null", expected: #"{"type":"tool","name":"get_weather"}"#),
        ChoiceCase(choice: "null", parallel: "false", expected: #"{"type":"auto","disable_parallel_tool_use":true}"#),
        ChoiceCase(choice: #""required""#, parallel: "false", expected: #"{"type":"any","disable_parallel_tool_use":true}"#),
        ChoiceCase(choice: #""none""#, parallel: "false", expected: #"{"type":"none"}"#),
        ChoiceCase(choice: "null", parallel: "true", expected: nil),
    ])
    func toolChoiceMapping(_ testCase: ChoiceCase) throws {
        let request = try #require(
            translate(
                #"{"model":"m","tools":[\#(Self.weatherTool)],"tool_choice":\#(testCase.choice),"parallel_tool_calls":\#(testCase.parallel),"messages":[{"role":"user","content":"x"}]}"#
            ))
        #expect(request.body["tool_choice"] == testCase.expected.map { json($0) })
    }

    @Test func assistantToolCallsAndToolResultsRoundTrip() throws {
        let request = try #require(
            translate(
                #"{"model":"m","tools":[\#(Self.weatherTool)],"messages":[{"role":"user","content":"weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"c2","type":"function","function":{"name":"get_weather","arguments":""}}]},{"role":"tool","tool_call_id":"c1","content":"sunny"},{"role":"tool","tool_call_id":"c2","content":[{"type":"text","text":"rain"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},{"role":"user","content":"thanks"}]}"#
            ))
        let messages = try #require(request.body["messages"]?.arrayValue)
        #expect(messages.count == 3)
        #expect(
            messages[1]["content"]
                == json(
                    #"[{"type":"tool_use","id":"c1","name":"get_weather","input":{"city":"Paris"}},{"type":"tool_use","id":"c2","name":"get_weather","input":{}}]"#
                ))
        let results = try #require(messages[2]["content"]?.arrayValue)
        #expect(results.map { $0["type"]?.stringValue } == ["tool_result", "tool_result", "text"])
        #expect(results[0] == json(#"{"type":"tool_result","tool_use_id":"c1","content":"sunny"}"#))
        #expect(results[1]["content"]?.arrayValue?[1]["type"] == "image")
    }

    @Test func legacyFunctionCallsAreTranslatedToo() throws {
        let request = try #require(
            translate(
                #"{"model":"m","functions":[{"name":"f","parameters":{"type":"object","properties":{}}}],"function_call":{"name":"f"},"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}},{"role":"function","name":"f","content":"done"}]}"#
            ))
        let messages = try #require(request.body["messages"]?.arrayValue)
        let id = messages[1]["content"]?[0]?["id"]
        #expect(messages[2]["content"]?[0]?["tool_use_id"] == id)
        #expect(request.body["tool_choice"] == json(#"{"type":"tool","name":"f"}"#))
    }

    @Test func reasoningEffortBecomesBudgetedThinkingOnOlderModels() throws {
        let request = try #require(
            translate(#"{"model":"m","reasoning_effort":"high","max_tokens":20000,"temperature":0.5,"messages":[{"role":"user","content":"x"}]}"#))
        #expect(request.body["thinking"] == json(#"{"type":"enabled","budget_tokens":8192,"display":"summarized"}"#))
        #expect(request.body["temperature"] == nil)
    }

    @Test func reasoningEffortBecomesAdaptiveThinkingWithEffortOnNewerModels() throws {
        let request = try #require(
            translate(
                #"{"model":"m","reasoning":{"effort":"minimal"},"messages":[{"role":"user","content":"x"}]}"#,
                context(model: "claude-opus-4-7", capabilities: opus47Capabilities)))
        #expect(request.body["thinking"] == json(#"{"type":"adaptive","display":"summarized"}"#))
        #expect(request.body["output_config"] == json(#"{"effort":"low"}"#))
    }

    @Test func smallMaxTokensLeavesRoomForThinkingOrSkipsIt() throws {
        let small = try #require(translate(#"{"model":"m","reasoning_effort":"high","max_tokens":1000,"messages":[{"role":"user","content":"x"}]}"#))
        #expect(small.body["thinking"] == nil)
        let medium = try #require(translate(#"{"model":"m","reasoning_effort":"high","max_tokens":6000,"messages":[{"role":"user","content":"x"}]}"#))
        #expect(medium.body["thinking"]?["budget_tokens"] == 3000)
    }

    @Test func reasoningEffortNoneSendsNoThinking() throws {
        let request = try #require(translate(#"{"model":"m","reasoning_effort":"none","messages":[{"role":"user","content":"x"}]}"#))
        #expect(request.body["thinking"] == nil)
    }

    @Test func forcedToolChoiceBecomesAutoWhenThinkingIsOn() throws {
        let request = try #require(
            translate(
                #"{"model":"m","reasoning_effort":"low","max_tokens":10000,"tools":[\#(Self.weatherTool)],"tool_choice":"required","messages":[{"role":"user","content":"x"}]}"#
            ))
        #expect(request.body["tool_choice"] == json(#"{"type":"auto"}"#))
    }

    @Test func signedThinkingBlocksAreReplayedOnAssistantTurns() throws {
        let request = try #require(
            translate(
                #"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":"a","thinking_blocks":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"thinking","thinking":"unsigned"},{"type":"redacted_thinking","data":"zzz"}]},{"role":"user","content":"y"}]}"#
            ))
        #expect(
            request.body["messages"]?[1]?["content"]
                == json(
                    #"[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"redacted_thinking","data":"zzz"},{"type":"text","text":"a"}]"#
                ))
    }

    @Test func jsonSchemaUsesStructuredOutputsWhereSupported() throws {
        let request = try #require(
            translate(
                #"{"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"n":{"type":"integer"}}}}},"messages":[{"role":"user","content":"x"}]}"#
            ))
        #expect(
            request.body["output_config"]
                == json(
                    #"{"format":{"type":"json_schema","schema":{"type":"object","properties":{"n":{"type":"integer"}},"additionalProperties":false}}}"#
                ))
        #expect(request.responseFormatTool == nil)
    }

    @Test func jsonSchemaBecomesAForcedToolWhereStructuredOutputsAreMissing() throws {
        let request = try #require(
            translate(
                #"{"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"n":{"type":"integer"}}}}},"messages":[{"role":"user","content":"x"}]}"#,
                context(model: "claude-haiku-4-5", capabilities: haikuCapabilities)))
        #expect(request.responseFormatTool == "answer")
        #expect(request.body["tool_choice"] == json(#"{"type":"tool","name":"answer"}"#))
        #expect(request.body["tools"]?[0]?["name"] == "answer")
    }

    @Test func jsonObjectBecomesAForcedFreeFormTool() throws {
        let request = try #require(
            translate(#"{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"x"}]}"#))
        #expect(request.responseFormatTool == "json_response")
    }
}
