import Foundation

/// Turns a Bedrock `InvokeModelWithResponseStream` body (`application/vnd.amazon.eventstream`)
/// into the Anthropic server-sent events every stream translator already takes, incrementally.
///
/// A `chunk` event's `bytes` is the base64 of one Anthropic event's JSON; it comes out as an
/// `SSEEvent` named by its `type`. Exception messages (`throttlingException`,
/// `modelStreamErrorException`, …), generic `error` messages and a corrupted frame come out as
/// one Anthropic `error` event, after which the decoder stays silent.
public struct BedrockStreamDecoder: Sendable {
    private var frames = EventStreamDecoder()
    private var failed = false

    public init() {}

    /// Decodes one network read into the events it completes.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [SSEEvent] {
        guard !failed else { return [] }
        let messages: [EventStreamMessage]
        do throws(EventStreamError) {
            messages = try frames.feed(bytes)
        } catch {
            failed = true
            return [Self.errorEvent(type: "api_error", message: "The Bedrock response stream was corrupted (\(error.reason)).")]
        }
        var events: [SSEEvent] = []
        events.reserveCapacity(messages.count)
        for message in messages {
            switch message.header(":message-type") {
            case "event":
                guard message.header(":event-type") == "chunk", let event = Self.chunkEvent(message.payload) else { continue }
                events.append(event)
            case "exception":
                failed = true
                events.append(Self.exceptionEvent(message))
                return events
            case "error":
                failed = true
                let code = message.header(":error-code") ?? "error"
                let text = message.header(":error-message") ?? "no message"
                events.append(Self.errorEvent(type: "api_error", message: "Bedrock stream error \(code): \(text)"))
                return events
            default:
                continue
            }
        }
        return events
    }

    /// The Anthropic event inside a `chunk` payload `{"bytes":"<base64>","p":"…"}`; nil when it
    /// carries no typed event (such frames are dropped, as the official SDKs drop them).
    static func chunkEvent(_ payload: [UInt8]) -> SSEEvent? {
        guard let base64 = (try? JSONParser.parse(payload))?["bytes"]?.stringValue,
            let data = Data(base64Encoded: base64)
        else { return nil }
        let json = Array(data)
        guard let type = leadingType(json) ?? (try? JSONParser.parse(json))?["type"]?.stringValue else { return nil }
        return SSEEvent(event: type, data: json)
    }

    /// The `type` of `{"type":"…",…}` read without parsing the whole event (it is parsed again by
    /// the translator); nil when the JSON does not start that way.
    static func leadingType(_ json: [UInt8]) -> String? {
        let prefix = Array(#"{"type":""#.utf8)
        guard json.count > prefix.count, json.starts(with: prefix) else { return nil }
        guard let end = json[prefix.count...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        let name = json[prefix.count..<end]
        guard !name.contains(UInt8(ascii: "\\")) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    /// An exception message as the Anthropic error event that means the same to a client.
    static func exceptionEvent(_ message: EventStreamMessage) -> SSEEvent {
        let exception = message.header(":exception-type") ?? "unknownException"
        let json = try? JSONParser.parse(message.payload)
        var text = json?["message"]?.stringValue ?? "no message"
        if let original = json?["originalMessage"]?.stringValue, !original.isEmpty {
            text += " (model said: \(original))"
        }
        return errorEvent(type: BedrockErrorMapper.anthropicType(forException: exception), message: "Bedrock \(exception): \(text)")
    }

    static func errorEvent(type: String, message: String) -> SSEEvent {
        let body: JSONValue = .object(
            JSONObject([
                ("type", .string("error")),
                ("error", .object(JSONObject([("type", .string(type)), ("message", .string(message))]))),
            ]))
        return SSEEvent(event: "error", data: JSONWriter.bytes(body))
    }
}
