/// The streaming translator for `POST /v1/responses`: Anthropic Messages SSE events in, the
/// Responses event stream out (`event: TYPE` + `data: {"type":TYPE,"sequence_number":N,…}`).
///
/// The contract: `response.created` and `response.in_progress` first; each output item opens with
/// `response.output_item.added` and closes with `response.output_item.done` carrying the whole
/// item; text streams inside a content part (`content_part.added`, `output_text.delta`…`.done`,
/// `content_part.done`), tool calls as `function_call_arguments.delta`…`.done`, thinking as a
/// reasoning summary part; the stream ends with `response.completed`, `response.incomplete` or
/// (after an `error` event) `response.failed`, each with the full Response object built from
/// what streamed. Sequence numbers start at 0 and are contiguous. There is no `[DONE]`.
///
/// Anthropic streams one content block at a time, so one block's state is kept at a time and
/// grows in place: each event costs work in proportion to its own size.
public struct ResponsesStreamTranslator: StreamTranslating {
    private enum Active { case none, text, reasoning, function, ignored }
    private enum State { case awaitingStart, streaming, finished }

    /// A message item: opened at its first text, its text kept still JSON-escaped.
    private struct TextItem {
        var outputIndex = -1
        var itemID = ""
        /// `,"item_id":…,"output_index":…,"content_index":0,"delta":"`, built once per item.
        var deltaMiddle: [UInt8] = []
        var escaped: [UInt8] = []
        var isOpen: Bool { outputIndex >= 0 }
    }

    private struct ReasoningItem {
        var outputIndex = 0
        var itemID = ""
        var text = ""
        var signature = ""
        var partOpen = false
    }

    private struct FunctionItem {
        var outputIndex = 0
        var itemID = ""
        var callID = ""
        var name = ""
        var arguments = ""
    }

    private let responseID: String
    private let createdAt: Int
    private let model: String
    private let echo: ResponsesRequestEcho
    private let responseFormatTool: String?
    private let observing: Bool

    public private(set) var hasEmittedContent = false
    public private(set) var usage = Usage()
    public private(set) var stopReason: String?
    public private(set) var messageID: String?
    /// The final Response object of a stream that completed (or ended incomplete), reasoning
    /// `encrypted_content` included whatever the client asked for: what the store keeps.
    public private(set) var completedResponse: JSONValue?
    private var state = State.awaitingStart
    private var sequence = 0
    /// Completed output items, for the final Response object.
    private var output: [JSONValue] = []
    private var nextToolIndex = 0
    private var active = Active.none
    private var activeIndex = -1
    private var text = TextItem()
    private var reasoning = ReasoningItem()
    private var function = FunctionItem()

    public init(
        responseID: String, createdAt: Int, model: String, echo: ResponsesRequestEcho = .init(),
        responseFormatTool: String? = nil, observing: Bool = true
    ) {
        self.responseID = responseID
        self.createdAt = createdAt
        self.model = model
        self.echo = echo
        self.responseFormatTool = responseFormatTool
        self.observing = observing
    }

    public var isFinished: Bool { state == .finished }

    public mutating func handle(_ event: SSEEvent) -> StreamStep {
        var step = StreamStep()
        guard state != .finished else { return step }
        if state == .streaming, active == .text, let match = TextDeltaFastPath.match(event.data),
            match.index == activeIndex
        {
            appendText(escaped: event.data[match.text], into: &step)
            if observing,
                case .string(let text)? = try? JSONParser.parse(event.data[(match.text.lowerBound - 1)...match.text.upperBound])
            {
                step.observations.append(.text(text))
            }
            return step
        }
        guard let json = try? JSONParser.parse(event.data) else {
            if event.data.isEmpty { return step }
            fail(UpstreamErrorMapper.map(status: 502, body: Array("upstream sent an unreadable event".utf8)), into: &step)
            return step
        }
        switch json["type"]?.stringValue ?? event.event ?? "" {
        case "message_start":
            start(json["message"], into: &step)
        case "content_block_start":
            ensureStarted(into: &step)
            closeActive(into: &step)
            blockStart(index: json["index"]?.intValue ?? 0, block: json["content_block"], into: &step)
        case "content_block_delta":
            ensureStarted(into: &step)
            guard json["index"]?.intValue ?? 0 == activeIndex else { break }
            blockDelta(json["delta"], into: &step)
        case "content_block_stop":
            if json["index"]?.intValue ?? 0 == activeIndex { closeActive(into: &step) }
        case "message_delta":
            if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            usage.merge(json["usage"])
        case "message_stop":
            ensureStarted(into: &step)
            closeActive(into: &step)
            finish(into: &step)
        case "error":
            fail(UpstreamErrorMapper.mapStreamError(event.data), into: &step)
        default:
            break  // ping, and event types added after this was written
        }
        return step
    }

    /// Ends an unfinished stream with `error` (an `error` event, then `response.failed`).
    public mutating func abort(_ error: ProxyError) -> StreamStep {
        var step = StreamStep()
        guard state != .finished else { return step }
        fail(error, into: &step)
        return step
    }

    // MARK: - Transitions

    private mutating func start(_ message: JSONValue?, observed: Bool = true, into step: inout StreamStep) {
        guard state == .awaitingStart else { return }
        messageID = message?["id"]?.stringValue
        usage.merge(message?["usage"])
        state = .streaming
        let response = ResponseObject.build(
            id: responseID, createdAt: createdAt, model: model, status: .inProgress, output: [], usage: nil, echo: echo)
        emit("response.created", [("response", response)], into: &step)
        emit("response.in_progress", [("response", response)], into: &step)
        if observed { step.observations.append(.started(messageID: messageID ?? "")) }
    }

    private mutating func ensureStarted(into step: inout StreamStep) {
        if state == .awaitingStart { start(nil, into: &step) }
    }

    private mutating func blockStart(index: Int, block: JSONValue?, into step: inout StreamStep) {
        activeIndex = index
        switch block?["type"]?.stringValue {
        case "text":
            active = .text
            text = TextItem()
            if let initial = block?["text"]?.stringValue, !initial.isEmpty { appendText(initial, into: &step) }
        case "thinking":
            active = .reasoning
            reasoning = ReasoningItem(outputIndex: output.count, itemID: itemID("rs"))
            emit("response.output_item.added", [
                ("output_index", JSONValue(reasoning.outputIndex)),
                ("item", ResponseObject.reasoningItem(id: reasoning.itemID, summary: nil, encryptedContent: nil)),
            ], into: &step)
            reasoning.signature = block?["signature"]?.stringValue ?? ""
            if let initial = block?["thinking"]?.stringValue, !initial.isEmpty { appendReasoning(initial, into: &step) }
        case "redacted_thinking":
            active = .ignored
            let id = itemID("rs")
            let index = JSONValue(output.count)
            emit("response.output_item.added", [
                ("output_index", index), ("item", ResponseObject.reasoningItem(id: id, summary: nil, encryptedContent: nil)),
            ], into: &step)
            let encrypted = EncryptedReasoning.encode(redactedData: block?["data"]?.stringValue ?? "")
            let item = ResponseObject.reasoningItem(id: id, summary: nil, encryptedContent: encrypted)
            emit("response.output_item.done", [("output_index", index), ("item", visible(item))], into: &step)
            output.append(item)
        case "tool_use":
            let name = block?["name"]?.stringValue ?? ""
            if let responseFormatTool, name == responseFormatTool {
                // The forced response-format tool's input is the answer: it streams as text.
                active = .text
                text = TextItem()
                return
            }
            active = .function
            function = FunctionItem(
                outputIndex: output.count, itemID: itemID("fc"), callID: block?["id"]?.stringValue ?? "", name: name)
            emit("response.output_item.added", [
                ("output_index", JSONValue(function.outputIndex)),
                ("item", ResponseObject.functionCallItem(
                    id: function.itemID, callID: function.callID, name: name, arguments: "", status: "in_progress")),
            ], into: &step)
            hasEmittedContent = true
            step.observations.append(.toolCall(index: nextToolIndex, id: function.callID, name: name))
            nextToolIndex += 1
        default:
            // Server-tool results and blocks added later: nothing a Responses client can use.
            active = .ignored
        }
    }

    private mutating func blockDelta(_ delta: JSONValue?, into step: inout StreamStep) {
        guard let delta else { return }
        switch (active, delta["type"]?.stringValue) {
        case (.text, "text_delta"):
            if let fragment = delta["text"]?.stringValue, !fragment.isEmpty { appendText(fragment, into: &step) }
        case (.text, "input_json_delta"):
            if let fragment = delta["partial_json"]?.stringValue, !fragment.isEmpty { appendText(fragment, into: &step) }
        case (.reasoning, "thinking_delta"):
            if let fragment = delta["thinking"]?.stringValue, !fragment.isEmpty { appendReasoning(fragment, into: &step) }
        case (.reasoning, "signature_delta"):
            reasoning.signature += delta["signature"]?.stringValue ?? ""
        case (.function, "input_json_delta"):
            guard let fragment = delta["partial_json"]?.stringValue, !fragment.isEmpty else { return }
            function.arguments += fragment
            emit("response.function_call_arguments.delta", [
                ("item_id", .string(function.itemID)), ("output_index", JSONValue(function.outputIndex)),
                ("delta", .string(fragment)),
            ], into: &step)
            if observing { step.observations.append(.toolArguments(index: nextToolIndex - 1, fragment: fragment)) }
        default:
            break
        }
    }

    /// Closes the open block's item, if it produced one.
    private mutating func closeActive(into step: inout StreamStep) {
        switch active {
        case .text where text.isOpen:
            let full = (try? JSONParser.parse([0x22] + text.escaped + [0x22]))?.stringValue ?? ""
            let id = JSONValue.string(text.itemID)
            let index = JSONValue(text.outputIndex)
            emit("response.output_text.done", [
                ("item_id", id), ("output_index", index), ("content_index", 0), ("text", .string(full)), ("logprobs", []),
            ], into: &step)
            emit("response.content_part.done", [
                ("item_id", id), ("output_index", index), ("content_index", 0), ("part", ResponseObject.outputText(full)),
            ], into: &step)
            let item = ResponseObject.messageItem(id: text.itemID, text: full, status: "completed")
            emit("response.output_item.done", [("output_index", index), ("item", item)], into: &step)
            output.append(item)
        case .reasoning:
            let id = JSONValue.string(reasoning.itemID)
            let index = JSONValue(reasoning.outputIndex)
            if reasoning.partOpen {
                let summary = JSONValue.string(reasoning.text)
                emit("response.reasoning_summary_text.done", [
                    ("item_id", id), ("output_index", index), ("summary_index", 0), ("text", summary),
                ], into: &step)
                emit("response.reasoning_summary_part.done", [
                    ("item_id", id), ("output_index", index), ("summary_index", 0),
                    ("part", ["type": "summary_text", "text": summary]),
                ], into: &step)
            }
            let encrypted = reasoning.signature.isEmpty
                ? nil : EncryptedReasoning.encode(thinking: reasoning.text, signature: reasoning.signature)
            let item = ResponseObject.reasoningItem(
                id: reasoning.itemID, summary: reasoning.partOpen ? reasoning.text : nil, encryptedContent: encrypted)
            emit("response.output_item.done", [("output_index", index), ("item", visible(item))], into: &step)
            output.append(item)
        case .function:
            let arguments = function.arguments.isEmpty ? "{}" : function.arguments
            let index = JSONValue(function.outputIndex)
            emit("response.function_call_arguments.done", [
                ("item_id", .string(function.itemID)), ("output_index", index), ("arguments", .string(arguments)),
            ], into: &step)
            let item = ResponseObject.functionCallItem(
                id: function.itemID, callID: function.callID, name: function.name, arguments: arguments,
                status: "completed")
            emit("response.output_item.done", [("output_index", index), ("item", item)], into: &step)
            output.append(item)
        default:
            break
        }
        active = .none
        activeIndex = -1
    }

    private mutating func finish(into step: inout StreamStep) {
        let status = ResponseObject.Status.from(stopReason: stopReason)
        let response = ResponseObject.build(
            id: responseID, createdAt: createdAt, model: model, status: status, output: output, usage: usage, echo: echo)
        completedResponse = response
        let type = status == .completed ? "response.completed" : "response.incomplete"
        emit(type, [("response", visible(response))], into: &step)
        step.observations.append(.finished(stopReason: stopReason, usage: usage))
        state = .finished
    }

    private mutating func fail(_ error: ProxyError, into step: inout StreamStep) {
        // A Responses stream always opens with response.created, even when the upstream failed
        // at once; the observations stay as the chat translator reports them (failed only).
        if state == .awaitingStart { start(nil, observed: false, into: &step) }
        emit("error", [
            ("code", .string(error.code ?? error.kind.rawValue)), ("message", .string(error.message)),
            ("param", error.param.map(JSONValue.string) ?? .null),
        ], into: &step)
        let response = ResponseObject.build(
            id: responseID, createdAt: createdAt, model: model, status: .failed(error), output: output, usage: usage,
            echo: echo)
        emit("response.failed", [("response", visible(response))], into: &step)
        step.observations.append(.failed(error))
        state = .finished
    }

    // MARK: - Encoding

    /// An item or Response object as the client sees it: without reasoning `encrypted_content`
    /// unless `include` asked for it.
    private func visible(_ value: JSONValue) -> JSONValue {
        if echo.includesEncryptedReasoning { return value }
        return value["object"] == nil
            ? ResponseObject.withoutEncryptedContent(value) : ResponseObject.withoutEncryptedReasoning(value)
    }

    private func itemID(_ prefix: String) -> String {
        ResponseObject.itemID(prefix: prefix, responseID: responseID, outputIndex: output.count)
    }

    private mutating func appendText(_ fragment: String, into step: inout StreamStep) {
        var escaped: [UInt8] = []
        JSONWriter.writeString(fragment, into: &escaped)
        appendText(escaped: escaped.dropFirst().dropLast(), into: &step)
        if observing { step.observations.append(.text(fragment)) }
    }

    /// One `output_text.delta` whose text is copied, still escaped; opens the message item first.
    private mutating func appendText(escaped: ArraySlice<UInt8>, into step: inout StreamStep) {
        if !text.isOpen { openMessage(into: &step) }
        text.escaped.append(contentsOf: escaped)
        step.bytes.append(contentsOf: Self.textDeltaHead)
        step.bytes.append(contentsOf: String(sequence).utf8)
        sequence += 1
        step.bytes.append(contentsOf: text.deltaMiddle)
        step.bytes.append(contentsOf: escaped)
        step.bytes.append(contentsOf: Self.textDeltaTail)
        hasEmittedContent = true
    }

    private static let textDeltaHead = Array(
        "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":".utf8)
    private static let textDeltaTail = Array("\",\"logprobs\":[]}\n\n".utf8)

    private mutating func openMessage(into step: inout StreamStep) {
        text.outputIndex = output.count
        text.itemID = itemID("msg")
        var middle = Array(",\"item_id\":".utf8)
        JSONWriter.writeString(text.itemID, into: &middle)
        middle.append(contentsOf: ",\"output_index\":\(text.outputIndex),\"content_index\":0,\"delta\":\"".utf8)
        text.deltaMiddle = middle
        let index = JSONValue(text.outputIndex)
        emit("response.output_item.added", [
            ("output_index", index),
            ("item", ResponseObject.messageItem(id: text.itemID, text: nil, status: "in_progress")),
        ], into: &step)
        emit("response.content_part.added", [
            ("item_id", .string(text.itemID)), ("output_index", index), ("content_index", 0),
            ("part", ResponseObject.outputText("")),
        ], into: &step)
    }

    private mutating func appendReasoning(_ fragment: String, into step: inout StreamStep) {
        let id = JSONValue.string(reasoning.itemID)
        let index = JSONValue(reasoning.outputIndex)
        if !reasoning.partOpen {
            reasoning.partOpen = true
            emit("response.reasoning_summary_part.added", [
                ("item_id", id), ("output_index", index), ("summary_index", 0),
                ("part", ["type": "summary_text", "text": ""]),
            ], into: &step)
        }
        reasoning.text += fragment
        emit("response.reasoning_summary_text.delta", [
            ("item_id", id), ("output_index", index), ("summary_index", 0), ("delta", .string(fragment)),
        ], into: &step)
        hasEmittedContent = true
        if observing { step.observations.append(.reasoning(fragment)) }
    }

    /// One event: `event: TYPE`, then the data object with `type` and `sequence_number` first.
    private mutating func emit(_ type: String, _ fields: [(String, JSONValue)], into step: inout StreamStep) {
        let object = JSONObject([("type", .string(type)), ("sequence_number", JSONValue(sequence))] + fields)
        sequence += 1
        step.bytes.append(contentsOf: "event: \(type)\ndata: ".utf8)
        JSONWriter.write(.object(object), into: &step.bytes)
        step.bytes.append(contentsOf: [0x0A, 0x0A])
    }
}
