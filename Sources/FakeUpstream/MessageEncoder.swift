/// Encodes a ``ReplyPlan`` as Anthropic `Message` JSON (non-streaming responses and the
/// `message` inside `message_start`).
enum MessageEncoder {
    /// The complete Message object returned for `stream: false`.
    static func message(plan: ReplyPlan, messageID: String, model: String) -> String {
        let content = plan.blocks.map(blockJSON).joined(separator: ",")
        return JSONText.object([
            ("id", JSONText.quote(messageID)),
            ("type", "\"message\""),
            ("role", "\"assistant\""),
            ("model", JSONText.quote(model)),
            ("content", "[" + content + "]"),
            ("stop_reason", JSONText.quote(plan.stopReason)),
            ("stop_sequence", "null"),
            ("usage", plan.usage.json()),
        ])
    }

    /// Data of the `message_start` event: empty content, null stop reason, output_tokens 1.
    static func startMessageEvent(plan: ReplyPlan, messageID: String, model: String) -> String {
        let message = JSONText.object([
            ("id", JSONText.quote(messageID)),
            ("type", "\"message\""),
            ("role", "\"assistant\""),
            ("model", JSONText.quote(model)),
            ("content", "[]"),
            ("stop_reason", "null"),
            ("stop_sequence", "null"),
            ("usage", plan.usage.json(outputTokens: 1, includeDetails: false)),
        ])
        return "{\"type\":\"message_start\",\"message\":\(message)}"
    }

    private static func blockJSON(_ block: ReplyPlan.Block) -> String {
        switch block {
        case .thinking(let deltas, let signature):
            return JSONText.object([
                ("type", "\"thinking\""),
                ("thinking", JSONText.quote(deltas.joined())),
                ("signature", JSONText.quote(signature)),
            ])
        case .text(let deltas):
            return JSONText.object([("type", "\"text\""), ("text", JSONText.quote(deltas.joined()))])
        case .toolUse(let id, let name, let fragments):
            return JSONText.object([
                ("type", "\"tool_use\""),
                ("id", JSONText.quote(id)),
                ("name", JSONText.quote(name)),
                ("input", fragments.joined()),
            ])
        }
    }
}
