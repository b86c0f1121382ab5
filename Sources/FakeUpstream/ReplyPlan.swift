/// What the fake will answer to a valid `/v1/messages` request, independent of whether it is
/// delivered as SSE or as one JSON Message.
struct ReplyPlan: Sendable {
    /// One content block, already split into the deltas a stream would carry.
    enum Block: Sendable {
        /// Thinking text deltas (empty when `display` is `omitted`) and the signature.
        case thinking(deltas: [String], signature: String)
        case text(deltas: [String])
        /// `partial_json` fragments; joined they form the input object.
        case toolUse(id: String, name: String, fragments: [String])
    }

    /// How long to pause after streamed events.
    enum Pacing: Sendable {
        /// No pauses (fast mode).
        case none
        /// The same pause after every event but the last.
        case fixed(Duration)
        /// Pause only after content deltas (the `slow` scenario).
        case deltasOnly(Duration)
        /// Natural 30–60 ms per delta, derived deterministically from the seed.
        case natural(seed: UInt64)
    }

    /// Token accounting reported in `usage`.
    struct Usage: Sendable {
        var inputTokens: Int
        var outputTokens: Int
        var cacheCreationInputTokens = 0
        var cacheReadInputTokens = 0
        /// `output_tokens_details.thinking_tokens`, reported when non-nil.
        var thinkingTokens: Int? = nil

        /// The usage object; `outputTokens` overrides the final count (message_start reports 1).
        func json(outputTokens: Int? = nil, includeDetails: Bool = true, includeServiceTier: Bool = true) -> String {
            var pairs: [(String, String)] = [
                ("input_tokens", String(inputTokens)),
                ("cache_creation_input_tokens", String(cacheCreationInputTokens)),
                ("cache_read_input_tokens", String(cacheReadInputTokens)),
                (
                    "cache_creation",
                    "{\"ephemeral_5m_input_tokens\":\(cacheCreationInputTokens),\"ephemeral_1h_input_tokens\":0}"
                ),
                ("output_tokens", String(outputTokens ?? self.outputTokens)),
            ]
            if includeDetails, let thinkingTokens {
                pairs.append(("output_tokens_details", "{\"thinking_tokens\":\(thinkingTokens)}"))
            }
            if includeServiceTier { pairs.append(("service_tier", "\"standard\"")) }
            return JSONText.object(pairs)
        }
    }

    var blocks: [Block]
    var stopReason: String
    var usage: Usage
    var pacing: Pacing = .none
    /// Stream: stop after the first text block's deltas with an `overloaded_error` event.
    var midstreamError = false

    /// Plan with word-count output tokens (thinking words included) for the given blocks.
    init(blocks: [Block], stopReason: String, inputTokens: Int) {
        self.blocks = blocks
        self.stopReason = stopReason
        var output = 0
        var thinking: Int?
        for block in blocks {
            switch block {
            case .thinking(let deltas, _):
                let words = Self.wordCount(deltas)
                thinking = (thinking ?? 0) + words
                output += max(words, 1)
            case .text(let deltas): output += Self.wordCount(deltas)
            case .toolUse(_, _, let fragments): output += max(1, fragments.joined().count / 4)
            }
        }
        self.usage = Usage(inputTokens: inputTokens, outputTokens: max(output, 1), thinkingTokens: thinking)
    }

    private static func wordCount(_ deltas: [String]) -> Int {
        deltas.reduce(0) { $0 + $1.split(separator: " ", omittingEmptySubsequences: true).count }
    }
}
