/// The streaming translator: Anthropic Messages SSE events in, OpenAI `chat.completion.chunk`
/// SSE frames out.
///
/// A pure state machine in the SwiftNIO style: `handle(_:)` takes one decoded upstream event and
/// returns the bytes to write plus what was observed. The chunk contract it keeps: the first chunk
/// carries `role`; text, reasoning and tool calls follow in order, each tool call as one opening
/// delta (`index`, `id`, `type`, `name`, `arguments:""`) and then argument fragments, with 0-based
/// contiguous indices; then a `finish_reason` chunk, a usage chunk (`choices: []`, always sent),
/// and `[DONE]`. An upstream error after the stream began becomes `data: {"error":…}` + `[DONE]`.
public struct ChatStreamTranslator: StreamTranslating {
    public typealias Step = StreamStep

    enum Block {
        case text
        case thinking(text: String, signature: String)
        case redactedThinking
        case tool(index: Int, hasArguments: Bool)
        case responseFormat
        case ignored
    }

    enum State { case awaitingStart, streaming, finished }

    private let model: String
    private let created: Int
    private let responseFormatTool: String?
    /// Whether text, reasoning and argument deltas are reported as observations (only worth it
    /// while someone watches the event stream).
    private let observing: Bool
    /// True once any content (text, reasoning or a tool call) has gone to the client.
    public private(set) var hasEmittedContent = false
    private var state = State.awaitingStart
    private var chunkPrefix: [UInt8] = []
    private var blocks: [Int: Block] = [:]
    private var nextToolIndex = 0
    public private(set) var usage = Usage()
    public private(set) var stopReason: String?
    public private(set) var messageID: String?

    public init(model: String, created: Int, responseFormatTool: String? = nil, observing: Bool = true) {
        self.model = model
        self.created = created
        self.responseFormatTool = responseFormatTool
        self.observing = observing
    }

    public var isFinished: Bool { state == .finished }

    public mutating func handle(_ event: SSEEvent) -> Step {
        var step = Step()
        guard state != .finished else { return step }
        if state == .streaming, let match = TextDeltaFastPath.match(event.data), case .text = blocks[match.index] {
            appendRawTextChunk(event.data[match.text], into: &step)
            if observing, case .string(let text)? = try? JSONParser.parse(event.data[(match.text.lowerBound - 1)...match.text.upperBound]) {
                step.observations.append(.text(text))
            }
            return step
        }
        guard let json = try? JSONParser.parse(event.data) else {
            if event.data.isEmpty { return step }
            fail(UpstreamErrorMapper.map(status: 502, body: Array("upstream sent an unreadable event".utf8)), into: &step)
            return step
        }
        let type = json["type"]?.stringValue ?? event.event ?? ""
        switch type {
        case "message_start":
            start(json["message"], into: &step)
        case "content_block_start":
            ensureStarted(into: &step)
            blockStart(index: json["index"]?.intValue ?? 0, block: json["content_block"], into: &step)
        case "content_block_delta":
            ensureStarted(into: &step)
            blockDelta(index: json["index"]?.intValue ?? 0, delta: json["delta"], into: &step)
        case "content_block_stop":
            blockStop(index: json["index"]?.intValue ?? 0, into: &step)
        case "message_delta":
            if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            usage.merge(json["usage"])
        case "message_stop":
            ensureStarted(into: &step)
            finish(into: &step)
        case "error":
            fail(UpstreamErrorMapper.mapStreamError(event.data), into: &step)
        default:
            break  // ping, and event types added after this was written
        }
        return step
    }

    /// Ends an unfinished stream with `error` (an error event, then `[DONE]`), e.g. when the
    /// proxy shuts down before the upstream finished.
    public mutating func abort(_ error: ProxyError) -> Step {
        var step = Step()
        guard state != .finished else { return step }
        fail(error, into: &step)
        return step
    }

    // MARK: - Transitions

    private mutating func start(_ message: JSONValue?, into step: inout Step) {
        guard state == .awaitingStart else { return }
        messageID = message?["id"]?.stringValue
        usage.merge(message?["usage"])
        buildPrefix()
        state = .streaming
        appendChunk(delta: ["role": "assistant", "content": ""], into: &step)
        step.observations.append(.started(messageID: messageID ?? ""))
    }

    private mutating func ensureStarted(into step: inout Step) {
        if state == .awaitingStart { start(nil, into: &step) }
    }

    private mutating func blockStart(index: Int, block: JSONValue?, into step: inout Step) {
        switch block?["type"]?.stringValue {
        case "text":
            blocks[index] = .text
            if let text = block?["text"]?.stringValue, !text.isEmpty { emitText(text, into: &step) }
        case "thinking":
            blocks[index] = .thinking(text: "", signature: "")
        case "redacted_thinking":
            blocks[index] = .redactedThinking
            let data = block?["data"] ?? .null
            appendChunk(delta: ["thinking_blocks": [["type": "redacted_thinking", "data": data]]], into: &step)
        case "tool_use":
            let name = block?["name"]?.stringValue ?? ""
            if let responseFormatTool, name == responseFormatTool {
                blocks[index] = .responseFormat
                return
            }
            let id = block?["id"]?.stringValue ?? ""
            let toolIndex = nextToolIndex
            nextToolIndex += 1
            blocks[index] = .tool(index: toolIndex, hasArguments: false)
            let call: JSONValue = [
                "index": JSONValue(toolIndex), "id": .string(id), "type": "function",
                "function": ["name": .string(name), "arguments": ""],
            ]
            appendChunk(delta: ["tool_calls": [call]], into: &step)
            hasEmittedContent = true
            step.observations.append(.toolCall(index: toolIndex, id: id, name: name))
        default:
            // Server-tool results and blocks added later: nothing an OpenAI client can show.
            blocks[index] = .ignored
        }
    }

    private mutating func blockDelta(index: Int, delta: JSONValue?, into step: inout Step) {
        guard let delta, let block = blocks[index] else { return }
        switch (block, delta["type"]?.stringValue) {
        case (.text, "text_delta"):
            if let text = delta["text"]?.stringValue, !text.isEmpty { emitText(text, into: &step) }
        case (.thinking(let text, let signature), "thinking_delta"):
            guard let fragment = delta["thinking"]?.stringValue, !fragment.isEmpty else { return }
            blocks[index] = .thinking(text: text + fragment, signature: signature)
            appendChunk(delta: ["reasoning_content": .string(fragment)], into: &step)
            hasEmittedContent = true
            if observing { step.observations.append(.reasoning(fragment)) }
        case (.thinking(let text, let signature), "signature_delta"):
            blocks[index] = .thinking(text: text, signature: signature + (delta["signature"]?.stringValue ?? ""))
        case (.tool(let toolIndex, _), "input_json_delta"):
            guard let fragment = delta["partial_json"]?.stringValue, !fragment.isEmpty else { return }
            blocks[index] = .tool(index: toolIndex, hasArguments: true)
            let call: JSONValue = ["index": JSONValue(toolIndex), "function": ["arguments": .string(fragment)]]
            appendChunk(delta: ["tool_calls": [call]], into: &step)
            if observing { step.observations.append(.toolArguments(index: toolIndex, fragment: fragment)) }
        case (.responseFormat, "input_json_delta"):
            if let fragment = delta["partial_json"]?.stringValue, !fragment.isEmpty { emitText(fragment, into: &step) }
        default:
            break
        }
    }

    private mutating func blockStop(index: Int, into step: inout Step) {
        switch blocks[index] {
        case .tool(let toolIndex, false):
            // A call with no arguments still needs valid JSON arguments.
            let call: JSONValue = ["index": JSONValue(toolIndex), "function": ["arguments": "{}"]]
            appendChunk(delta: ["tool_calls": [call]], into: &step)
        case .thinking(let text, let signature) where !signature.isEmpty:
            // The signed block, so clients that send `thinking_blocks` back can replay it.
            let block: JSONValue = ["type": "thinking", "thinking": .string(text), "signature": .string(signature)]
            appendChunk(delta: ["thinking_blocks": [block]], into: &step)
        default:
            break
        }
        blocks[index] = nil
    }

    private mutating func finish(into step: inout Step) {
        let forced = responseFormatTool != nil && stopReason == "tool_use" && nextToolIndex == 0
        var finish = FinishReason.openAI(stopReason, forcedResponseFormat: forced)
        if finish == "tool_calls" && nextToolIndex == 0 { finish = "stop" }
        appendChunk(delta: .object(JSONObject()), finishReason: finish, into: &step)
        var chunk = JSONObject()
        chunk["id"] = .string(completionID)
        chunk["object"] = "chat.completion.chunk"
        chunk["created"] = JSONValue(created)
        chunk["model"] = .string(model)
        chunk["choices"] = .array([])
        chunk["usage"] = usage.openAIJSON
        SSEEncoder.appendData(.object(chunk), to: &step.bytes)
        step.bytes.append(contentsOf: SSEEncoder.done)
        step.observations.append(.finished(stopReason: stopReason, usage: usage))
        state = .finished
    }

    private mutating func fail(_ error: ProxyError, into step: inout Step) {
        SSEEncoder.appendData(OpenAIErrorBody.json(for: error), to: &step.bytes)
        step.bytes.append(contentsOf: SSEEncoder.done)
        step.observations.append(.failed(error))
        state = .finished
    }

    // MARK: - Encoding

    private var completionID: String { ChatResponseTranslator.completionID(fromMessageID: messageID) }

    private mutating func emitText(_ text: String, into step: inout Step) {
        step.bytes.append(contentsOf: chunkPrefix)
        step.bytes.append(contentsOf: #"{"content":"#.utf8)
        JSONWriter.writeString(text, into: &step.bytes)
        step.bytes.append(contentsOf: Self.openChunkSuffix)
        hasEmittedContent = true
        if observing { step.observations.append(.text(text)) }
    }

    /// A text chunk whose content is copied, still escaped, from the upstream event.
    private mutating func appendRawTextChunk(_ escaped: ArraySlice<UInt8>, into step: inout Step) {
        step.bytes.append(contentsOf: chunkPrefix)
        step.bytes.append(contentsOf: #"{"content":""#.utf8)
        step.bytes.append(contentsOf: escaped)
        step.bytes.append(UInt8(ascii: "\""))
        step.bytes.append(contentsOf: Self.openChunkSuffix)
        hasEmittedContent = true
    }

    /// Closes a delta object and a chunk that has no finish reason yet.
    private static let openChunkSuffix = Array(#"},"logprobs":null,"finish_reason":null}]}"#.utf8) + [0x0A, 0x0A]

    /// The bytes every chunk starts with, built once per stream.
    private mutating func buildPrefix() {
        var prefix: [UInt8] = []
        prefix.append(contentsOf: "data: {\"id\":".utf8)
        JSONWriter.writeString(completionID, into: &prefix)
        prefix.append(contentsOf: ",\"object\":\"chat.completion.chunk\",\"created\":\(created),\"model\":".utf8)
        JSONWriter.writeString(model, into: &prefix)
        prefix.append(contentsOf: ",\"choices\":[{\"index\":0,\"delta\":".utf8)
        chunkPrefix = prefix
    }

    private func appendChunk(delta: JSONValue, finishReason: String? = nil, into step: inout Step) {
        step.bytes.append(contentsOf: chunkPrefix)
        JSONWriter.write(delta, into: &step.bytes)
        guard let finishReason else {
            step.bytes.append(contentsOf: Self.openChunkSuffix.dropFirst())
            return
        }
        step.bytes.append(contentsOf: ",\"logprobs\":null,\"finish_reason\":".utf8)
        JSONWriter.writeString(finishReason, into: &step.bytes)
        step.bytes.append(contentsOf: "}]}\n\n".utf8)
    }
}
