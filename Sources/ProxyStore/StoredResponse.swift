import Foundation
import ProxyCore

/// One response as the Responses store keeps it: the request's own input items, the Response
/// object (output items with their `encrypted_content`, so signed thinking replays), and the
/// response it continued.
public struct StoredResponse: Sendable, Equatable {
    /// The Response id (`resp_…`).
    public var id: String
    /// The `previous_response_id` this response continued, if any.
    public var previousID: String?
    /// When it was stored; pruning by age counts from here.
    public var storedAt: Date
    /// The request's `input`, as a list of items (a string input is one user message).
    public var input: [JSONValue]
    /// The Response object as the proxy built it, reasoning `encrypted_content` always included.
    public var response: JSONValue

    public init(id: String, previousID: String? = nil, storedAt: Date, input: [JSONValue], response: JSONValue) {
        self.id = id
        self.previousID = previousID
        self.storedAt = storedAt
        self.input = input
        self.response = response
    }

    /// This turn as input items a later request replays: its input, then its output.
    public var conversationItems: [JSONValue] {
        input + (response["output"]?.arrayValue ?? [])
    }
}

/// A stored response with the turns before it, oldest first, as `previous_response_id` needs them.
public struct StoredConversation: Sendable, Equatable {
    /// The turns found, oldest first; the last is the response asked for.
    public var turns: [StoredResponse]
    /// The id of an earlier turn that is no longer stored (pruned or deleted); nil when complete.
    public var missingID: String?

    /// Every turn's items, in order: the history a continuing request goes after.
    public var items: [JSONValue] { turns.flatMap(\.conversationItems) }
}
