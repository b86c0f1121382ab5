import ProxyCore
import Testing

@Suite struct JSONTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":"x\"y\n\u00e9\ud83d\ude00"}"#,
        #"[]"#, #"{}"#, #""plain""#, #"-12.5e3"#, #"{"nested":{"deep":[{"k":"v"}]}}"#,
    ])
    func roundTripsThroughWriterAndParser(text: String) throws {
        let value = try JSONParser.parse(text)
        let written = JSONWriter.string(value)
        #expect(try JSONParser.parse(written) == value)
    }

    @Test func keepsObjectKeyOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(JSONWriter.string(value) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test(arguments: ["plain", "quote\" back\\slash", "line\nfeed\ttab\r", "bell\u{07}nul\u{00}", "é 🌍"])
    func quotedStringsAreWhatTheWriterWritesAndParseBack(text: String) throws {
        let quoted = JSONWriter.quoted(text)
        #expect(quoted == JSONWriter.string(.string(text)))
        #expect(try JSONParser.parse(quoted).stringValue == text)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""tab\tquote\"emoji\ud83d\ude00""#)
        #expect(value.stringValue == "tab\tquote\"emoji😀")
    }

    @Test(arguments: [#"{"a":}"#, #"{"a":1"#, #"[1,]"#, #"tru"#, #""\x""#, #"{"a":1} x"#, ""])
    func rejectsMalformedInputWithAPosition(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func writesIntegersWithoutFraction() {
        #expect(JSONWriter.string(.number(1024)) == "1024")
        #expect(JSONWriter.string(.number(0.5)) == "0.5")
    }

    @Test func escapesControlCharacters() {
        #expect(JSONWriter.string(.string("a\u{01}b")) == #""a\u0001b""#)
    }
}
