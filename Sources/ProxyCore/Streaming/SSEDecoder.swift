/// Incremental server-sent-events parser: feed it bytes as they arrive, get whole events out.
///
/// Events split across network reads are reassembled; `\n`, `\r\n` and `\r` line ends, comment
/// lines and multi-line `data:` fields follow the WHATWG event-stream rules.
public struct SSEDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var eventName: String?
    private var data: [UInt8] = []
    private var hasData = false

    public init() {}

    /// Appends bytes and returns the events they complete.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [SSEEvent] {
        buffer.append(contentsOf: bytes)
        var events: [SSEEvent] = []
        var lineStart = 0
        var index = scanned
        while index < buffer.count {
            let byte = buffer[index]
            if byte == 0x0A || byte == 0x0D {
                // A lone `\r` at the end of the buffer may be the first half of `\r\n`.
                if byte == 0x0D && index + 1 == buffer.count { break }
                processLine(lineStart..<index, into: &events)
                index += (byte == 0x0D && buffer[index + 1] == 0x0A) ? 2 : 1
                lineStart = index
            } else {
                index += 1
            }
        }
        // Usually every read ends on an event boundary and the whole buffer is consumed; keep the
        // capacity so the next read does not allocate.
        if lineStart == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if lineStart > 0 {
            buffer.removeSubrange(0..<lineStart)
        }
        scanned = index - lineStart
        return events
    }

    private mutating func processLine(_ range: Range<Int>, into events: inout [SSEEvent]) {
        if range.isEmpty {
            if hasData {
                events.append(SSEEvent(event: eventName, data: data))
            }
            eventName = nil
            data.removeAll(keepingCapacity: true)
            hasData = false
            return
        }
        let line = buffer[range]
        if line.first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? range.upperBound
        let field = line[range.lowerBound..<colon]
        var valueStart = colon < range.upperBound ? colon + 1 : colon
        if valueStart < range.upperBound, buffer[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = buffer[valueStart..<range.upperBound]
        if field.elementsEqual("data".utf8) {
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            eventName = String(decoding: value, as: UTF8.self)
        }
    }
}
