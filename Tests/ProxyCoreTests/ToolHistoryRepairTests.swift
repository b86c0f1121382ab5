import ProxyCore
import Testing

/// Histories that OpenAI accepts and Claude would reject, as agent libraries send them.
@Suite struct ToolHistoryRepairTests {
    static let toolLoop = #"""
        {"role":"user","content":"Weather in Paris?"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":"18 degrees"}
        """#

    @Test func toolHistoryWithoutToolsDeclaresTheToolsItUsesWithToolChoiceNone() throws {
        let body = #"{"model":"claude-sonnet-4-5","messages":[\#(Self.toolLoop),{"role":"user","content":"Summarise."}]}"#
        let translated = try #require(translate(body))
        let tools = try #require(translated.body["tools"]?.arrayValue)
        #expect(tools.map { $0["name"] } == ["get_weather"])
        #expect(tools[0]["input_schema"] == ["type": "object"])
        #expect(translated.body["tool_choice"] == ["type": "none"])
    }

    @Test func declaredToolsAreLeftAsTheClientSentThem() throws {
        let body = #"""
            {"model":"claude-sonnet-4-5","messages":[\#(Self.toolLoop)],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
            """#
        let translated = try #require(translate(body))
        #expect(translated.body["tools"]?[0]?["input_schema"]?["properties"] != nil)
        #expect(translated.body["tool_choice"] == nil)
    }

    @Test func aConversationWithoutToolsGetsNoDeclarations() throws {
        let translated = try #require(translate(#"{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}"#))
        #expect(translated.body["tools"] == nil)
    }

    @Test func reasoningInAToolLoopWithoutTheSignedThinkingTurnsThinkingOffForThatTurn() throws {
        let body = #"""
            {"model":"claude-sonnet-4-5","reasoning_effort":"medium","messages":[\#(Self.toolLoop)],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
            """#
        let translated = try #require(translate(body))
        #expect(translated.body["thinking"] == nil)
        #expect(translated.notes.contains { $0.contains("thinking off for this turn") })
    }

    @Test func reasoningInAToolLoopWithTheSignedThinkingKeepsThinkingOn() throws {
        let body = #"""
            {"model":"claude-sonnet-4-5","reasoning_effort":"medium","messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":null,
               "thinking_blocks":[{"type":"thinking","thinking":"I should look it up.","signature":"sig-1"}],
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18 degrees"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
            """#
        let translated = try #require(translate(body))
        #expect(translated.body["thinking"]?["type"] == "enabled")
        #expect(translated.body["messages"]?[1]?["content"]?[0]?["type"] == "thinking")
    }

    @Test func aNewQuestionAfterAToolLoopKeepsThinkingOn() throws {
        let body = #"""
            {"model":"claude-sonnet-4-5","reasoning_effort":"medium","messages":[\#(Self.toolLoop),
              {"role":"assistant","content":"It is 18 degrees."},{"role":"user","content":"And tomorrow?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
            """#
        let translated = try #require(translate(body))
        #expect(translated.body["thinking"]?["type"] == "enabled")
    }
}
