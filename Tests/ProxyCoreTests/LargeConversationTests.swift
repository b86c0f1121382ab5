import ProxyCore
import Testing

/// Translation stays linear in the size of the conversation: a client that sends tens of
/// thousands of messages gets an answer, and cannot stall the server for everyone else.
@Suite struct LargeConversationTests {
    static func body(_ messages: [String]) -> JSONValue {
        json(#"{"model":"claude-sonnet-4-5","messages":[\#(messages.joined(separator: ","))]}"#)
    }

    @Test(.timeLimit(.minutes(1)))
    func oneHundredThousandSameRoleMessagesMergeIntoOneTurn() throws {
        let messages = (0..<100_000).map { #"{"role":"user","content":"word\#($0)"}"# }
        let translated = try ChatRequestTranslator.translate(Self.body(messages), context: context())
        let turns = try #require(translated.body["messages"]?.arrayValue)
        #expect(turns.count == 1)
        let blocks = try #require(turns[0]["content"]?.arrayValue)
        #expect(blocks.count == 100_000)
        #expect(blocks[0]["text"] == "word0")
        #expect(blocks[99_999]["text"] == "word99999")
    }

    @Test(.timeLimit(.minutes(1)))
    func oneHundredThousandAlternatingTurnsStayInOrder() throws {
        let messages = (0..<100_000).map { index in
            index % 2 == 0
                ? #"{"role":"user","content":"question \#(index)"}"#
                : #"{"role":"assistant","content":"answer \#(index)"}"#
        }
        let translated = try ChatRequestTranslator.translate(Self.body(messages), context: context())
        let turns = try #require(translated.body["messages"]?.arrayValue)
        #expect(turns.count == 100_000)
        #expect(turns[99_998]["content"]?[0]?["text"] == "question 99998")
        #expect(turns[99_999]["role"] == "assistant")
    }

    @Test(.timeLimit(.minutes(1)))
    func manyToolResultsGroupAheadOfTextInOneUserTurn() throws {
        var messages: [String] = []
        let calls = (0..<20_000).map { #"{"id":"call_\#($0)","type":"function","function":{"name":"f","arguments":"{}"}}"# }
        messages.append(#"{"role":"user","content":"go"}"#)
        messages.append(#"{"role":"assistant","content":null,"tool_calls":[\#(calls.joined(separator: ","))]}"#)
        for index in 0..<20_000 {
            messages.append(#"{"role":"tool","tool_call_id":"call_\#(index)","content":"result \#(index)"}"#)
            if index % 1000 == 0 { messages.append(#"{"role":"user","content":"note \#(index)"}"#) }
        }
        let translated = try ChatRequestTranslator.translate(Self.body(messages), context: context())
        let turns = try #require(translated.body["messages"]?.arrayValue)
        #expect(turns.count == 3)
        let blocks = try #require(turns[2]["content"]?.arrayValue)
        #expect(blocks.count == 20_020)
        #expect(blocks[0]["tool_use_id"] == "call_0")
        #expect(blocks[19_999]["tool_use_id"] == "call_19999")
        #expect(blocks[20_000]["text"] == "note 0")
        #expect(blocks[20_019]["text"] == "note 19000")
    }

    @Test(.timeLimit(.minutes(1)))
    func manyLegacyFunctionResultsPairWithTheirCallsInOrder() throws {
        var messages = [#"{"role":"user","content":"go"}"#]
        for index in 0..<20_000 {
            messages.append(#"{"role":"assistant","function_call":{"name":"f","arguments":"{\"i\":\#(index)}"}}"#)
        }
        for index in 0..<20_000 {
            messages.append(#"{"role":"function","name":"f","content":"r\#(index)"}"#)
        }
        let translated = try ChatRequestTranslator.translate(Self.body(messages), context: context())
        let turns = try #require(translated.body["messages"]?.arrayValue)
        #expect(turns.count == 3)
        let uses = try #require(turns[1]["content"]?.arrayValue)
        let results = try #require(turns[2]["content"]?.arrayValue)
        #expect(uses.count == 20_000)
        #expect(results.count == 20_000)
        #expect(results[12_345]["tool_use_id"] == uses[12_345]["id"])
        #expect(results[12_345]["content"] == "r12345")
    }
}
