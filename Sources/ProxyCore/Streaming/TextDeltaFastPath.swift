/// Recognises the commonest streamed event — a text delta — without parsing it.
///
/// `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}}` is most of
/// every stream; its text is already a valid JSON string, so the translator can copy those bytes
/// into the OpenAI chunk as they are. Anything else (other key order, extra fields) returns nil
/// and takes the general path.
enum TextDeltaFastPath {
    static let head = Array(#"{"type":"content_block_delta","index":"#.utf8)
    static let middle = Array(#","delta":{"type":"text_delta","text":""#.utf8)

    struct Match {
        var index: Int
        /// The escaped string contents, without the quotes.
        var text: Range<Int>
    }

    static func match(_ data: [UInt8]) -> Match? {
        guard data.count > head.count + middle.count + 3, data.starts(with: head) else { return nil }
        var position = head.count
        var index = 0
        var digits = 0
        while position < data.count, data[position] >= 48, data[position] <= 57, digits < 9 {
            index = index * 10 + Int(data[position] - 48)
            position += 1
            digits += 1
        }
        guard digits > 0, data.count - position > middle.count,
            data[position..<(position + middle.count)].elementsEqual(middle)
        else { return nil }
        position += middle.count
        let start = position
        while position < data.count {
            let byte = data[position]
            if byte == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { return nil }
            position += 1
        }
        guard position < data.count else { return nil }
        let end = position
        // The rest must be exactly the two closing braces (whitespace allowed).
        var closing = 0
        for byte in data[(end + 1)...] {
            switch byte {
            case UInt8(ascii: "}"): closing += 1
            case 0x20, 0x0A, 0x0D, 0x09: continue
            default: return nil
            }
        }
        guard closing == 2 else { return nil }
        return Match(index: index, text: start..<end)
    }
}
