import ProxyCore
import Testing

@testable import FakeUpstream

/// The fake writes its bodies with ProxyCore's escaper: what it quotes parses back unchanged.
@Suite struct FakeJSONTests {
    @Test func quotedControlCharactersQuotesAndEmojiSurviveARoundTrip() throws {
        let text = "say \"hi\"\n\tthen \u{01} 🌍 \\ done"
        let object = JSONText.object([("text", JSONText.quote(text)), ("none", JSONText.quoteOrNull(nil))])
        #expect(object == #"{"text":"say \"hi\"\n\tthen \u0001 🌍 \\ done","none":null}"#)
    }

    @Test func demoToolArgumentsFollowTheSchemaInItsOwnOrder() {
        let schema: [UInt8] = Array(#"{"type":"object","properties":{"zone":{"type":"string"},"days":{"type":"integer"}},"required":["zone","days"]}"#.utf8)
        let input = DemoContent.toolInput(schema: try? JSONParser.parse(schema), question: "weather in Lisbon")
        #expect(input["days"] == 1)
        #expect(input["zone"]?.stringValue?.isEmpty == false)
    }
}
