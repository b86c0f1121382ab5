/// The streaming translator for legacy Completions: Anthropic Messages SSE events in,
/// `text_completion` chunks out.
///
/// One chunk per text delta (`finish_reason: null`), then a chunk with empty text and the finish
/// reason, a usage chunk (`choices: []`), and `[DONE]`. Thinking and tool blocks are ignored
/// (neither is requested). An upstream error after the stream began becomes
/// `data: {"error":…}` + `[DONE]`, as in the chat stream.
public struct CompletionsStreamTranslator: StreamTranslating {
    enum State { case awaitingStart, streaming, finished }

    private let model: String
    private let created: Int
    private let observing: Bool
    public private(set) var hasEmittedContent = false
    private var state = State.awaitingStart
    private var textBlocks: Set<Int> = []
    public private(set) var usage = Usage()
    public private(set) var stopReason: String?
    public private(set) var messageID: String?

    public init(model: String, created: Int, observing: Bool = true) {
        self.model = model
        self.created = created
        self.observing = observing
    }

    public var isFinished: Bool { state == .finished }

    public mutating func handle(_ event: SSEEvent) -> StreamStep {
        var step = StreamStep()
        guard state != .finished else { return step }
        guard let json = try? JSONParser.parse(event.data) else {
            if event.data.isEmpty { return step }
            fail(UpstreamErrorMapper.map(status: 502, body: Array("upstream sent an unreadable event".utf8)), into: &step)
            return step
        }
        switch json["type"]?.stringValue ?? event.event ?? "" {
        case "message_start":
            start(json["message"], into: &step)
        case "content_block_start":
            start(nil, into: &step)
            let index = json["index"]?.intValue ?? 0
            guard json["content_block"]?["type"]?.stringValue == "text" else { return step }
            textBlocks.insert(index)
            if let text = json["content_block"]?["text"]?.stringValue { emitText(text, into: &step) }
        case "content_block_delta":
            start(nil, into: &step)
            let delta = json["delta"]
            guard textBlocks.contains(json["index"]?.intValue ?? 0), delta?["type"]?.stringValue == "text_delta",
                let text = delta?["text"]?.stringValue
            else { return step }
            emitText(text, into: &step)
        case "content_block_stop":
            textBlocks.remove(json["index"]?.intValue ?? 0)
        case "message_delta":
            if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            usage.merge(json["usage"])
        case "message_stop":
            start(nil, into: &step)
            finish(into: &step)
        case "error":
            fail(UpstreamErrorMapper.mapStreamError(event.data), into: &step)
        default:
            break  // ping, and event types added after this was written
        }
        return step
    }

    public mutating func abort(_ error: ProxyError) -> StreamStep {
        var step = StreamStep()
        guard state != .finished else { return step }
        fail(error, into: &step)
        return step
    }

    // MARK: - Transitions

    private mutating func start(_ message: JSONValue?, into step: inout StreamStep) {
        guard state == .awaitingStart else { return }
        messageID = message?["id"]?.stringValue
        usage.merge(message?["usage"])
        state = .streaming
        step.observations.append(.started(messageID: messageID ?? ""))
    }

    private mutating func emitText(_ text: String, into step: inout StreamStep) {
        guard !text.isEmpty else { return }
        appendChunk(choices: [choice(text: text, finishReason: .null)], into: &step)
        hasEmittedContent = true
        if observing { step.observations.append(.text(text)) }
    }

    private mutating func finish(into step: inout StreamStep) {
        appendChunk(choices: [choice(text: "", finishReason: .string(FinishReason.openAI(stopReason)))], into: &step)
        appendChunk(choices: [], usage: CompletionsResponseTranslator.usageJSON(usage), into: &step)
        step.bytes.append(contentsOf: SSEEncoder.done)
        step.observations.append(.finished(stopReason: stopReason, usage: usage))
        state = .finished
    }

    private mutating func fail(_ error: ProxyError, into step: inout StreamStep) {
        SSEEncoder.appendData(OpenAIErrorBody.json(for: error), to: &step.bytes)
        step.bytes.append(contentsOf: SSEEncoder.done)
        step.observations.append(.failed(error))
        state = .finished
    }

    // MARK: - Encoding

    private func choice(text: String, finishReason: JSONValue) -> JSONValue {
        ["text": .string(text), "index": 0, "logprobs": .null, "finish_reason": finishReason]
    }

    private func appendChunk(choices: [JSONValue], usage: JSONValue? = nil, into step: inout StreamStep) {
        var chunk = JSONObject()
        chunk["id"] = .string(CompletionsResponseTranslator.completionID(fromMessageID: messageID))
        chunk["object"] = "text_completion"
        chunk["created"] = JSONValue(created)
        chunk["model"] = .string(model)
        chunk["choices"] = .array(choices)
        if let usage { chunk["usage"] = usage }
        SSEEncoder.appendData(.object(chunk), to: &step.bytes)
    }
}
