/// Translates a complete Anthropic Message into a Responses API Response object.
///
/// Content blocks become output items in order: thinking → `reasoning` (summary + the signed block
/// in `encrypted_content`), text → `message` with `output_text`, tool_use → `function_call`; the
/// forced response-format tool's input comes back as the message text.
public enum ResponsesResponseTranslator {
    public static func translate(
        _ message: JSONValue, responseID: String, createdAt: Int, model: String, echo: ResponsesRequestEcho,
        responseFormatTool: String? = nil
    ) -> JSONValue {
        var output: [JSONValue] = []
        func id(_ prefix: String) -> String {
            ResponseObject.itemID(prefix: prefix, responseID: responseID, outputIndex: output.count)
        }
        for block in message["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text":
                let text = block["text"]?.stringValue ?? ""
                if !text.isEmpty { output.append(ResponseObject.messageItem(id: id("msg"), text: text, status: "completed")) }
            case "thinking":
                let thinking = block["thinking"]?.stringValue ?? ""
                let signature = block["signature"]?.stringValue ?? ""
                output.append(
                    ResponseObject.reasoningItem(
                        id: id("rs"), summary: thinking.isEmpty ? nil : thinking,
                        encryptedContent: signature.isEmpty
                            ? nil : EncryptedReasoning.encode(thinking: thinking, signature: signature)))
            case "redacted_thinking":
                let data = block["data"]?.stringValue ?? ""
                output.append(
                    ResponseObject.reasoningItem(
                        id: id("rs"), summary: nil, encryptedContent: EncryptedReasoning.encode(redactedData: data)))
            case "tool_use":
                let arguments = JSONWriter.string(block["input"] ?? .object(JSONObject()))
                let name = block["name"]?.stringValue ?? ""
                if let responseFormatTool, name == responseFormatTool {
                    output.append(ResponseObject.messageItem(id: id("msg"), text: arguments, status: "completed"))
                } else {
                    output.append(
                        ResponseObject.functionCallItem(
                            id: id("fc"), callID: block["id"]?.stringValue ?? "", name: name, arguments: arguments,
                            status: "completed"))
                }
            default:
                continue  // server-tool blocks and blocks added later: nothing a Responses client can use
            }
        }
        var usage = Usage()
        usage.merge(message["usage"])
        return ResponseObject.build(
            id: responseID, createdAt: createdAt, model: model,
            status: .from(stopReason: message["stop_reason"]?.stringValue), output: output, usage: usage, echo: echo)
    }
}
