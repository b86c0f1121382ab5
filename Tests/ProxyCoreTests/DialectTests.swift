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

    @Test func withoutAStorePreviousResponseIDIsRefusedNamingTheFieldAndTheSetting() {
        let body = json(#"{"model":"claude-sonnet-4-5","input":"more","previous_response_id":"resp_1"}"#)
        do {
            _ = try ResponsesDialect(storing: false).translate(body, context: context())
            Issue.record("previous_response_id was accepted without a store")
        } catch {
            #expect(error.param == "previous_response_id")
            #expect(error.message.contains("responses.store"))
        }
    }

    @Test func withoutAStoreResponsesSayNothingWasStored() throws {
        let body = json(#"{"model":"claude-sonnet-4-5","input":"hi","store":true}"#)
        let translated = try ResponsesDialect(storing: false).translate(body, context: context())
        #expect(translated.responses?.store == false)
    }

    @Test func withAStoreTheHistoryGoesBeforeTheInputAndStoreIsAsAsked() throws {
        var context = context()
        context.history = [
            json(#"{"type":"message","role":"user","content":"My name is Ada."}"#),
            json(#"{"id":"msg_x_0","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Hello Ada."}]}"#),
        ]
        let body = json(#"{"model":"claude-sonnet-4-5","input":"Name?","previous_response_id":"resp_x"}"#)
        let translated = try ResponsesDialect(storing: true).translate(body, context: context)
        let messages = try #require(translated.body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["user", "assistant", "user"])
        #expect(messages[1]["content"]?[0]?["text"] == "Hello Ada.")
        #expect(translated.responses?.store == true)
        #expect(translated.responses?.previousResponseID == "resp_x")
        // Only this request's input is kept with the new response: earlier turns are linked, not copied.
        #expect(translated.responses?.inputItems.count == 1)
        let unstored = try ResponsesDialect(storing: true).translate(
            json(#"{"model":"claude-sonnet-4-5","input":"hi","store":false}"#), context: context)
        #expect(unstored.responses?.store == false)
    }

    @Test func itemIDsLeadBackToTheirResponseAndOutputIndex() {
        let location = ResponseObject.itemLocation("rs_0123abcd_3")
        #expect(location?.responseID == "resp_0123abcd" && location?.outputIndex == 3)
        #expect(ResponseObject.itemLocation("rs_foreign") == nil)
        #expect(ResponseObject.itemLocation("rs_a_b_c") == nil)
    }

    @Test func chatTakesItsIdsFromTheUpstreamMessage() {
        #expect(ChatDialect().identity(created: 7).id.isEmpty)
        #expect(ChatDialect().name == "chat")
        #expect(ResponsesDialect().name == "responses")
    }
}
