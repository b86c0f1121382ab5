/// Incremental HTTP/1.1 response framing: just enough to know where a response's body starts
/// and ends on a keep-alive connection (`content-length` or `chunked`), nothing more.
///
/// The load generator does not need headers or body contents, only the status and the moments
/// bytes arrive, so this never copies the body: it counts it.
struct HTTPResponseParser {
    /// What one `feed` call saw.
    struct Progress {
        /// Body bytes (chunk payload, not framing) in this feed.
        var bodyBytes = 0
        /// The response ended inside this feed; bytes after it were not consumed.
        var finished = false
        /// Bytes consumed from the input.
        var consumed = 0
    }

    struct MalformedResponse: Error, CustomStringConvertible {
        var reason: String
        var description: String { "malformed HTTP response: \(reason)" }
    }

    private enum State {
        case head
        case fixedBody(remaining: Int)
        case chunkSizeLine
        case chunkData(remaining: Int)
        case chunkDataEnd(remaining: Int)
        case trailer
        case done
    }

    private var state = State.head
    private var line: [UInt8] = []
    private var headLines: [[UInt8]] = []
    private(set) var status = 0

    /// Starts over for the next response on the same connection.
    mutating func reset() {
        state = .head
        line.removeAll(keepingCapacity: true)
        headLines.removeAll(keepingCapacity: true)
        status = 0
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws -> Progress {
        var progress = Progress()
        var index = 0
        while index < bytes.count {
            switch state {
            case .head, .chunkSizeLine, .trailer:
                let byte = bytes[index]
                index += 1
                guard byte == 0x0A else {
                    if byte != 0x0D { line.append(byte) }
                    if line.count > 16_384 { throw MalformedResponse(reason: "header line too long") }
                    continue
                }
                try endOfLine()
            case .fixedBody(let remaining):
                let take = min(remaining, bytes.count - index)
                index += take
                progress.bodyBytes += take
                state = remaining == take ? .done : .fixedBody(remaining: remaining - take)
            case .chunkData(let remaining):
                let take = min(remaining, bytes.count - index)
                index += take
                progress.bodyBytes += take
                state = remaining == take ? .chunkDataEnd(remaining: 2) : .chunkData(remaining: remaining - take)
            case .chunkDataEnd(let remaining):
                index += 1
                state = remaining == 1 ? .chunkSizeLine : .chunkDataEnd(remaining: remaining - 1)
            case .done:
                break
            }
            if case .done = state {
                progress.finished = true
                break
            }
        }
        progress.consumed = index
        return progress
    }

    private mutating func endOfLine() throws {
        defer { line.removeAll(keepingCapacity: true) }
        switch state {
        case .head:
            if !line.isEmpty {
                headLines.append(line)
                return
            }
            try finishHead()
        case .chunkSizeLine:
            let digits = line.prefix { $0 != UInt8(ascii: ";") }
            guard let size = Int(String(decoding: digits, as: UTF8.self).trimmingSpaces, radix: 16) else {
                throw MalformedResponse(reason: "bad chunk size")
            }
            state = size == 0 ? .trailer : .chunkData(remaining: size)
        case .trailer:
            if line.isEmpty { state = .done }
        default:
            break
        }
    }

    private mutating func finishHead() throws {
        guard let statusLine = headLines.first, statusLine.count >= 12 else {
            throw MalformedResponse(reason: "no status line")
        }
        status = Int(String(decoding: statusLine[9..<12], as: UTF8.self)) ?? 0
        var contentLength: Int?
        var chunked = false
        for header in headLines.dropFirst() {
            guard let colon = header.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: header[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: header[(colon + 1)...], as: UTF8.self).trimmingSpaces
            if name == "content-length" {
                contentLength = Int(value)
            } else if name == "transfer-encoding" {
                chunked = value.lowercased().contains("chunked")
            }
        }
        if (100..<200).contains(status) {
            headLines.removeAll(keepingCapacity: true)
            return
        }
        if chunked {
            state = .chunkSizeLine
        } else if let contentLength, contentLength > 0 {
            state = .fixedBody(remaining: contentLength)
        } else {
            state = .done
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
