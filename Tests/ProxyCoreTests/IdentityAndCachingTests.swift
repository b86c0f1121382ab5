import ProxyCore
import Testing

@Suite struct IdentityAndCachingTests {
    struct IdentityCase: Sendable, CustomTestStringConvertible {
        let mode: IdentitySettings.Mode
        let clientSystem: String?
        let expected: [String]
        var testDescription: String { "\(mode) client=\(clientSystem ?? "none")" }
    }

    @Test(arguments: [
        IdentityCase(mode: .default, clientSystem: nil, expected: ["You are Pi."]),
        IdentityCase(mode: .default, clientSystem: "Be brief.", expected: ["Be brief."]),
        IdentityCase(mode: .prepend, clientSystem: "Be brief.", expected: ["You are Pi.", "Be brief."]),
        IdentityCase(mode: .prepend, clientSystem: nil, expected: ["You are Pi."]),
        IdentityCase(mode: .replace, clientSystem: "Be brief.", expected: ["You are Pi."]),
    ])
    func identityModes(_ testCase: IdentityCase) throws {
        let system = testCase.clientSystem.map { #"{"role":"system","content":"\#($0)"},"# } ?? ""
        let request = try #require(
            translate(
                #"{"model":"m","messages":[\#(system){"role":"user","content":"hi"}]}"#,
                context(identity: IdentitySettings(systemPrompt: "You are Pi.", mode: testCase.mode))))
        #expect(request.body["system"]?.arrayValue?.compactMap { $0["text"]?.stringValue } == testCase.expected)
        #expect(request.upstreamSystemPrompt == testCase.expected.joined(separator: "\n"))
        #expect(request.clientSystemPrompt == testCase.clientSystem)
    }

    @Test func longPromptsGetCacheBreakpointsOnSystemToolsAndLatestUserTurns() throws {
        let long = String(repeating: "context ", count: 800)
        let request = try #require(
            translate(
                #"{"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"system","content":"\#(long)"},{"role":"user","content":"one"},{"role":"assistant","content":"two"},{"role":"user","content":"three"}]}"#,
                context(caching: true)))
        #expect(request.body["system"]?[0]?["cache_control"] == ["type": "ephemeral"])
        #expect(request.body["tools"]?[0]?["cache_control"] == ["type": "ephemeral"])
        #expect(request.body["messages"]?[0]?["content"]?[0]?["cache_control"] == ["type": "ephemeral"])
        #expect(request.body["messages"]?[2]?["content"]?[0]?["cache_control"] == ["type": "ephemeral"])
    }

    @Test func shortPromptsAreNotCached() throws {
        let request = try #require(
            translate(#"{"model":"m","messages":[{"role":"system","content":"short"},{"role":"user","content":"hi"}]}"#, context(caching: true)))
        #expect(request.body["system"]?[0]?["cache_control"] == nil)
    }

    @Test func clientCacheControlPassesThroughAndCountsTowardsTheLimit() throws {
        let long = String(repeating: "context ", count: 800)
        let marker = #""cache_control":{"type":"ephemeral"}"#
        let request = try #require(
            translate(
                #"{"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"a",\#(marker)},{"type":"text","text":"b",\#(marker)},{"type":"text","text":"c",\#(marker)}]},{"role":"user","content":[{"type":"text","text":"\#(long)"}]}]}"#,
                context(caching: true)))
        #expect(request.body["system"]?[0]?["cache_control"] == ["type": "ephemeral"])
        // three from the client + one automatic = the API's maximum of four
        let count = JSONWriter.string(.object(request.body)).components(separatedBy: "cache_control").count - 1
        #expect(count == 4)
    }
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [Substring] {
        split(separator: separator, omittingEmptySubsequences: false)
    }
}
