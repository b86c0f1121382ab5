import Foundation

/// Writes `application/vnd.amazon.eventstream` messages (string and byte headers are all Bedrock
/// uses). The fake Bedrock upstream answers with it, and the decoder's tests build frames with it.
public enum EventStreamEncoder {
    public static func encode(_ message: EventStreamMessage) -> [UInt8] {
        var headers: [UInt8] = []
        for (name, value) in message.headers {
            let nameBytes = Array(name.utf8.prefix(255))
            headers.append(UInt8(nameBytes.count))
            headers += nameBytes
            switch value {
            case .bool(let flag): headers.append(flag ? 0 : 1)
            case .int8(let int): headers += [2, UInt8(bitPattern: int)]
            case .int16(let int): headers.append(3); headers += bigEndian(UInt64(UInt16(bitPattern: int)), width: 2)
            case .int32(let int): headers.append(4); headers += bigEndian(UInt64(UInt32(bitPattern: int)), width: 4)
            case .int64(let int): headers.append(5); headers += bigEndian(UInt64(bitPattern: int), width: 8)
            case .bytes(let bytes):
                headers.append(6)
                headers += bigEndian(UInt64(bytes.count), width: 2) + bytes
            case .string(let string):
                headers.append(7)
                headers += bigEndian(UInt64(string.utf8.count), width: 2) + Array(string.utf8)
            case .timestamp(let ms): headers.append(8); headers += bigEndian(UInt64(bitPattern: ms), width: 8)
            case .uuid(let bytes): headers.append(9); headers += bytes.prefix(16)
            }
        }
        let total = 16 + headers.count + message.payload.count
        var frame = bigEndian(UInt64(total), width: 4) + bigEndian(UInt64(headers.count), width: 4)
        frame += bigEndian(UInt64(CRC32.checksum(frame)), width: 4)
        frame += headers
        frame += message.payload
        frame += bigEndian(UInt64(CRC32.checksum(frame)), width: 4)
        return frame
    }

    /// A Bedrock `chunk` event carrying one Anthropic stream event's JSON, base64 in `bytes`.
    public static func chunk(eventJSON: [UInt8], padding: String = "") -> [UInt8] {
        var payload = JSONObject()
        payload["bytes"] = .string(Data(eventJSON).base64EncodedString())
        if !padding.isEmpty { payload["p"] = .string(padding) }
        return encode(
            EventStreamMessage(
                headers: [
                    (":event-type", .string("chunk")), (":content-type", .string("application/json")),
                    (":message-type", .string("event")),
                ],
                payload: JSONWriter.bytes(.object(payload))))
    }

    /// A Bedrock exception message (`throttlingException`, `modelStreamErrorException`, …).
    public static func exception(_ type: String, message: String) -> [UInt8] {
        var payload = JSONObject()
        payload["message"] = .string(message)
        return encode(
            EventStreamMessage(
                headers: [
                    (":exception-type", .string(type)), (":content-type", .string("application/json")),
                    (":message-type", .string("exception")),
                ],
                payload: JSONWriter.bytes(.object(payload))))
    }

    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - $0))) }
    }
}
