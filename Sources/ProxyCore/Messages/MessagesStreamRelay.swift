/// The native Messages stream passed through event by event, as the upstream sent it, while the
/// proxy reads it for the dashboard, the inspector and usage.
///
/// Each upstream event goes out unchanged (`event:` name and `data:` bytes); only an upstream
/// that stops early or a shutdown adds an Anthropic `error` event, so an Anthropic SDK reports
/// the failure the way it would from the API itself.
public struct MessagesStreamRelay: StreamTranslating {
    private enum State { case streaming, finished }

    private let observing: Bool
    private var state = State.streaming
    public private(set) var hasEmittedContent = false
    public private(set) var usage = Usage()
    public private(set) var stopReason: String?
    /// Content block index → tool call index (0-based over the message's tool calls).
    private var toolIndices: [Int: Int] = [:]

    public init(observing: Bool = true) {
        self.observing = observing
    }

    public var isFinished: Bool { state == .finished }

    public mutating func handle(_ event: SSEEvent) -> StreamStep {
        var step = StreamStep()
        guard state != .finished else { return step }
        Self.append(event, to: &step.bytes)
        guard let json = try? JSONParser.parse(event.data) else { return step }
        switch json["type"]?.stringValue ?? event.event ?? "" {
        case "message_start":
            usage.merge(json["message"]?["usage"])
            if let id = json["message"]?["id"]?.stringValue { step.observations.append(.started(messageID: id)) }
        case "content_block_start":
            let index = json["index"]?.intValue ?? 0
            let block = json["content_block"]
            if block?["type"]?.stringValue == "tool_use" {
                let toolIndex = toolIndices.count
                toolIndices[index] = toolIndex
                hasEmittedContent = true
                step.observations.append(
                    .toolCall(
                        index: toolIndex, id: block?["id"]?.stringValue ?? "", name: block?["name"]?.stringValue ?? ""))
            }
        case "content_block_delta":
            hasEmittedContent = true
            guard observing, let delta = json["delta"] else { break }
            switch delta["type"]?.stringValue {
            case "text_delta":
                if let text = delta["text"]?.stringValue { step.observations.append(.text(text)) }
            case "thinking_delta":
                if let text = delta["thinking"]?.stringValue { step.observations.append(.reasoning(text)) }
            case "input_json_delta":
                if let fragment = delta["partial_json"]?.stringValue,
                    let toolIndex = toolIndices[json["index"]?.intValue ?? 0]
                {
                    step.observations.append(.toolArguments(index: toolIndex, fragment: fragment))
                }
            default:
                break
            }
        case "message_delta":
            if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            usage.merge(json["usage"])
        case "message_stop":
            state = .finished
            step.observations.append(.finished(stopReason: stopReason, usage: usage))
        case "error":
            state = .finished
            step.observations.append(.failed(UpstreamErrorMapper.mapStreamError(event.data)))
        default:
            break  // ping, and event types added after this was written
        }
        return step
    }

    public mutating func abort(_ error: ProxyError) -> StreamStep {
        var step = StreamStep()
        guard state != .finished else { return step }
        state = .finished
        Self.append(SSEEvent(event: "error", data: AnthropicErrorBody.bytes(for: error)), to: &step.bytes)
        step.observations.append(.failed(error))
        return step
    }

    static func append(_ event: SSEEvent, to bytes: inout [UInt8]) {
        if let name = event.event {
            bytes.append(contentsOf: "event: ".utf8)
            bytes.append(contentsOf: name.utf8)
            bytes.append(0x0A)
        }
        bytes.append(contentsOf: "data: ".utf8)
        bytes.append(contentsOf: event.data)
        bytes.append(contentsOf: [0x0A, 0x0A])
    }
}
