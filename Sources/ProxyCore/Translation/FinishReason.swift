/// Anthropic `stop_reason` → OpenAI `finish_reason`; never lets an Anthropic value through.
public enum FinishReason {
    public static func openAI(_ stopReason: String?, forcedResponseFormat: Bool = false) -> String {
        switch stopReason {
        case "end_turn", "stop_sequence", "pause_turn", nil: return "stop"
        case "max_tokens", "model_context_window_exceeded": return "length"
        case "tool_use": return forcedResponseFormat ? "stop" : "tool_calls"
        case "refusal": return "content_filter"
        default: return "stop"
        }
    }
}
