/// Incremental decoder of `application/vnd.amazon.eventstream`: feed bytes as the network
/// delivers them, get whole messages out.
///
/// A frame may span reads and a read may hold several frames; only the unfinished tail is kept.
/// Both CRCs are checked (the prelude's before trusting the length), headers are parsed by type,
/// and the sizes are capped as botocore caps them, so a corrupt length cannot make it buffer
/// without bound.
public struct EventStreamDecoder: Sendable {
    /// botocore's limits: 128 KiB of headers, 24 MiB of payload.
    public static let maxHeadersLength = 128 * 1024
    public static let maxPayloadLength = 24 * 1024 * 1024
    static let preludeLength = 12
    static let minimumLength = 16

    private var buffer: [UInt8] = []
    private var start = 0
    private var failure: EventStreamError?

    public init() {}

    /// Appends bytes and returns the messages they complete. After an error every later call
    /// throws the same error.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(EventStreamError) -> [EventStreamMessage] {
        if let failure { throw failure }
        buffer.append(contentsOf: bytes)
        var messages: [EventStreamMessage] = []
        do throws(EventStreamError) {
            while let message = try next() { messages.append(message) }
        } catch {
            failure = error
            throw error
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        return messages
    }

    /// Bytes held back as the start of an unfinished frame (the stream may not end here).
    public var pendingByteCount: Int { buffer.count - start }

    private mutating func next() throws(EventStreamError) -> EventStreamMessage? {
        let available = buffer.count - start
        guard available >= Self.preludeLength else { return nil }
        let total = Int(readUInt32(at: start))
        let headersLength = Int(readUInt32(at: start + 4))
        let preludeCRC = readUInt32(at: start + 8)
        let computed = CRC32.checksum(buffer[start..<(start + 8)])
        guard computed == preludeCRC else {
            throw EventStreamError("prelude CRC mismatch (expected \(hex(preludeCRC)), computed \(hex(computed)))")
        }
        guard headersLength <= Self.maxHeadersLength else {
            throw EventStreamError("headers length \(headersLength) exceeds \(Self.maxHeadersLength)")
        }
        guard total >= Self.minimumLength + headersLength else {
            throw EventStreamError("total length \(total) is too small for \(headersLength) bytes of headers")
        }
        guard total - headersLength - Self.minimumLength <= Self.maxPayloadLength else {
            throw EventStreamError("payload length exceeds \(Self.maxPayloadLength)")
        }
        guard available >= total else { return nil }
        let end = start + total
        let messageCRC = readUInt32(at: end - 4)
        let computedMessage = CRC32.checksum(buffer[start..<(end - 4)])
        guard computedMessage == messageCRC else {
            throw EventStreamError("message CRC mismatch (expected \(hex(messageCRC)), computed \(hex(computedMessage)))")
        }
        let headersStart = start + Self.preludeLength
        let payloadStart = headersStart + headersLength
        let headers = try Self.parseHeaders(buffer[headersStart..<payloadStart])
        let payload = Array(buffer[payloadStart..<(end - 4)])
        start = end
        return EventStreamMessage(headers: headers, payload: payload)
    }

    static func parseHeaders(_ bytes: ArraySlice<UInt8>) throws(EventStreamError) -> [(name: String, value: EventStreamMessage.HeaderValue)] {
        var reader = ByteReader(bytes)
        var headers: [(name: String, value: EventStreamMessage.HeaderValue)] = []
        var names = Set<String>()
        while !reader.isAtEnd {
            let nameLength = Int(try reader.uint(1))
            let name = String(decoding: try reader.bytes(nameLength), as: UTF8.self)
            guard names.insert(name).inserted else { throw EventStreamError("duplicate header '\(name)'") }
            let type = try reader.uint(1)
            let value: EventStreamMessage.HeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = .int8(Int8(truncatingIfNeeded: try reader.uint(1)))
            case 3: value = .int16(Int16(truncatingIfNeeded: try reader.uint(2)))
            case 4: value = .int32(Int32(truncatingIfNeeded: try reader.uint(4)))
            case 5: value = .int64(Int64(bitPattern: try reader.uint(8)))
            case 6: value = .bytes(Array(try reader.bytes(Int(try reader.uint(2)))))
            case 7: value = .string(String(decoding: try reader.bytes(Int(try reader.uint(2))), as: UTF8.self))
            case 8: value = .timestamp(Int64(bitPattern: try reader.uint(8)))
            case 9: value = .uuid(Array(try reader.bytes(16)))
            default: throw EventStreamError("header '\(name)' has unknown type \(type)")
            }
            headers.append((name, value))
        }
        return headers
    }

    private func readUInt32(at index: Int) -> UInt32 {
        UInt32(buffer[index]) << 24 | UInt32(buffer[index + 1]) << 16 | UInt32(buffer[index + 2]) << 8 | UInt32(buffer[index + 3])
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

/// Big-endian reads over a header block, failing when it ends early.
private struct ByteReader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    mutating func bytes(_ count: Int) throws(EventStreamError) -> ArraySlice<UInt8> {
        guard count >= 0, index + count <= bytes.endIndex else { throw EventStreamError("header block ends early") }
        defer { index += count }
        return bytes[index..<(index + count)]
    }

    mutating func uint(_ width: Int) throws(EventStreamError) -> UInt64 {
        try bytes(width).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
