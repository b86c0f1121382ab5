/// Two rules the real API enforces on conversations that carry tool history, which OpenAI's API
/// does not: tool blocks need declared tools, and with thinking on the assistant turn that made
/// the latest tool calls must open with its (signed) thinking.
enum ToolHistoryValidator {
    static func validate(
        _ messages: [MessageRequest.Message], toolsDeclared: Bool, thinkingOn: Bool
    ) throws(FakeAPIError) {
        if !toolsDeclared, messages.contains(where: { message in
            message.blocks.contains { ["tool_use", "tool_result"].contains($0["type"]?.stringValue ?? "") }
        }) {
            throw .invalidRequest("Requests which include `tool_use` or `tool_result` blocks must define tools.")
        }
        guard thinkingOn, let lastUser = messages.lastIndex(where: { $0.role == "user" }), lastUser > 0,
            messages[lastUser].blocks.contains(where: { $0["type"]?.stringValue == "tool_result" })
        else { return }
        let assistant = lastUser - 1
        let first = messages[assistant].blocks.first?["type"]?.stringValue ?? "nothing"
        if first != "thinking" && first != "redacted_thinking" {
            throw .invalidRequest(
                "messages.\(assistant).content.0.type: Expected `thinking` or `redacted_thinking`, but found `\(first)`. "
                    + "When `thinking` is enabled, a final `assistant` message must start with a thinking block "
                    + "(preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include "
                    + "thinking blocks from previous turns. To avoid this requirement, disable `thinking`.")
        }
    }
}
