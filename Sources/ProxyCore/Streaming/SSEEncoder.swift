/// Writes OpenAI-style server-sent events: `data: <json>\n\n` and the closing `data: [DONE]`.
public enum SSEEncoder {
    public static let done: [UInt8] = Array("data: [DONE]\n\n".utf8)

    public static func appendData(_ json: JSONValue, to output: inout [UInt8]) {
        output.append(contentsOf: "data: ".utf8)
        JSONWriter.write(json, into: &output)
        output.append(contentsOf: [0x0A, 0x0A])
    }
}
