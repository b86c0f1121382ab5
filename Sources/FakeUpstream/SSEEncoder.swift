import Hummingbird

/// One encoded server-sent event and the pause to take after writing it.
struct SSEFrame: Sendable {
    let buffer: ByteBuffer
    let pause: Duration
}

/// Turns a ``ReplyPlan`` into Anthropic's exact SSE event sequence:
/// `message_start`, `ping`, per block `content_block_start` / `content_block_delta`* /
/// `content_block_stop`, `message_delta`, `message_stop` (or a final `error` event).
/// Every frame is encoded once, up front; identical delta events share one buffer, found by the
/// raw delta before any JSON is built, so a `long:100000` plan (the benchmark's held streams)
/// costs a dictionary lookup per delta rather than an escape and an encode.
enum SSEEncoder {
    /// A delta event before it is encoded: which block, which kind of delta, and its text.
    private struct DeltaKey: Hashable {
        var index: Int
        var kind: DeltaKind
        var text: String
    }

    private enum DeltaKind: Hashable {
        case thinking, signature, text, inputJSON

        /// The delta object's `type` and the member that carries the text.
        var typeAndField: (String, String) {
            switch self {
            case .thinking: ("thinking_delta", "thinking")
            case .signature: ("signature_delta", "signature")
            case .text: ("text_delta", "text")
            case .inputJSON: ("input_json_delta", "partial_json")
            }
        }
    }

    static let pingEvent = "event: ping\ndata: {\"type\": \"ping\"}\n\n"
    static let overloadedEvent =
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"

    static func frames(for plan: ReplyPlan, messageID: String, model: String) -> [SSEFrame] {
        var events: [(buffer: ByteBuffer, isDelta: Bool)] = []
        var deltaCache: [DeltaKey: ByteBuffer] = [:]
        func add(_ name: String, _ json: String, isDelta: Bool = false) {
            events.append((ByteBuffer(string: "event: \(name)\ndata: \(json)\n\n"), isDelta))
        }
        func addDelta(index: Int, _ kind: DeltaKind, _ text: String) {
            let key = DeltaKey(index: index, kind: kind, text: text)
            if let cached = deltaCache[key] {
                events.append((cached, true))
                return
            }
            let (type, field) = kind.typeAndField
            let delta = "{\"type\":\"\(type)\",\"\(field)\":\(JSONText.quote(text))}"
            let json = "{\"type\":\"content_block_delta\",\"index\":\(index),\"delta\":\(delta)}"
            let buffer = ByteBuffer(string: "event: content_block_delta\ndata: \(json)\n\n")
            deltaCache[key] = buffer
            events.append((buffer, true))
        }

        add("message_start", MessageEncoder.startMessageEvent(plan: plan, messageID: messageID, model: model))
        events.append((ByteBuffer(string: pingEvent), false))
        for (index, block) in plan.blocks.enumerated() {
            switch block {
            case .thinking(let deltas, let signature):
                add("content_block_start", startJSON(index, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"))
                for delta in deltas {
                    addDelta(index: index, .thinking, delta)
                }
                addDelta(index: index, .signature, signature)
            case .text(let deltas):
                add("content_block_start", startJSON(index, "{\"type\":\"text\",\"text\":\"\"}"))
                for delta in deltas {
                    addDelta(index: index, .text, delta)
                }
                if plan.midstreamError {
                    events.append((ByteBuffer(string: overloadedEvent), false))
                    return paced(events, plan.pacing)
                }
            case .toolUse(let id, let name, let fragments):
                let start = JSONText.object([
                    ("type", "\"tool_use\""), ("id", JSONText.quote(id)), ("name", JSONText.quote(name)), ("input", "{}"),
                ])
                add("content_block_start", startJSON(index, start))
                for fragment in fragments {
                    addDelta(index: index, .inputJSON, fragment)
                }
            }
            add("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":\(index)}")
        }
        let usage = plan.usage.json(includeServiceTier: false)
        add(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\(JSONText.quote(plan.stopReason)),\"stop_sequence\":null},\"usage\":\(usage)}"
        )
        add("message_stop", "{\"type\":\"message_stop\"}")
        return paced(events, plan.pacing)
    }

    private static func startJSON(_ index: Int, _ block: String) -> String {
        "{\"type\":\"content_block_start\",\"index\":\(index),\"content_block\":\(block)}"
    }

    private static func paced(_ events: [(buffer: ByteBuffer, isDelta: Bool)], _ pacing: ReplyPlan.Pacing) -> [SSEFrame] {
        var generator = PacingGenerator(pacing: pacing)
        return events.enumerated().map { offset, event in
            let isLast = offset == events.count - 1
            return SSEFrame(buffer: event.buffer, pause: isLast ? .zero : generator.pause(afterDelta: event.isDelta, offset: offset))
        }
    }
}
