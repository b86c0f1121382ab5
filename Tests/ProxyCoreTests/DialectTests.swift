import ProxyCore
import Testing

/// The dialects as the server's pipeline uses them.
@Suite struct DialectTests {
    @Test func responsesIdsAreUniqueAndShapedLikeOpenAIs() {
        let dialect = ResponsesDialect()
        let ids = Set((0..<1000).map { _ in dialect.identity(created: 0).id })
        #expect(ids.count == 1000)
        #expect(ids.allSatisfy { $0.hasPrefix("resp_") && $0.count == 37 })
    }

    @Test func previousResponseIDIsRefusedNamingTheFieldUntilThereIsAStore() {
        let body = json(#"{"model":"claude-sonnet-4-5","input":"more","previous_response_id":"resp_1"}"#)
        #expect(throws: ProxyError.self) { try ResponsesDialect().translate(body, context: context()) }
        do {
            _ = try ResponsesDialect().translate(body, context: context())
        } catch {
            #expect(error.param == "previous_response_id")
        }
    }

    @Test func responsesSayNothingWasStored() throws {
        let body = json(#"{"model":"claude-sonnet-4-5","input":"hi","store":true}"#)
        let translated = try ResponsesDialect().translate(body, context: context())
        #expect(translated.responses?.store == false)
    }

    @Test func chatTakesItsIdsFromTheUpstreamMessage() {
        #expect(ChatDialect().identity(created: 7).id.isEmpty)
        #expect(ChatDialect().name == "chat")
        #expect(ResponsesDialect().name == "responses")
    }
}
