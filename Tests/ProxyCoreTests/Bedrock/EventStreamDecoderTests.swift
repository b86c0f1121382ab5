import Foundation
import ProxyCore
import Testing

/// The event-stream vectors of upstreams.md §5.5 (vectors/eventstream_bedrock.txt), decoded whole
/// and split at every byte boundary.
@Suite struct EventStreamDecoderTests {
    static let chunkFrame = hexBytes(
        "000000e20000004bd638d3ce0b3a6576656e742d747970650700056368756e6b0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b226279746573223a2265794a306558426c496a6f695932397564475675644639696247396a6131396b5a57783059534973496d6c755a475634496a6f774c434a6b5a5778305953493665794a306558426c496a6f69644756346446396b5a57783059534973496e526c654851694f694a4961534a3966513d3d222c2270223a2261626364227d528ecb0b"
    )
    static let exceptionFrame = hexBytes(
        "000000b2000000613590d5d30f3a657863657074696f6e2d747970650700137468726f74746c696e67457863657074696f6e0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d74797065070009657863657074696f6e7b226d657373616765223a22546f6f206d616e792072657175657374732c20706c656173652077616974206265666f726520747279696e6720616761696e2e227de8ffb26a"
    )
    static let innerEvent = #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#

    @Test func crc32MatchesZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Self.chunkFrame.prefix(8)) == 0xD638_D3CE)
        #expect(CRC32.checksum(Self.chunkFrame.dropLast(4)) == 0x528E_CB0B)
    }

    @Test func theVectorFramesDecodeToTheirHeadersAndPayloads() throws {
        var decoder = EventStreamDecoder()
        let messages = try decoder.feed(Self.chunkFrame + Self.exceptionFrame)
        #expect(messages.count == 2)
        #expect(messages[0].header(":event-type") == "chunk")
        #expect(messages[0].header(":content-type") == "application/json")
        #expect(messages[0].header(":message-type") == "event")
        #expect(String(decoding: messages[0].payload, as: UTF8.self).hasPrefix(#"{"bytes":"eyJ0eXBlIjoiY29udGVudF9ibG9ja19kZWx0YSIs"#))
        #expect(messages[1].header(":exception-type") == "throttlingException")
        #expect(messages[1].payload == Array(#"{"message":"Too many requests, please wait before trying again."}"#.utf8))
        #expect(decoder.pendingByteCount == 0)
    }

    @Test func framesSplitAtEveryByteBoundaryDecodeTheSame() throws {
        let stream = Self.chunkFrame + Self.exceptionFrame + Self.chunkFrame
        var whole = EventStreamDecoder()
        let expected = try whole.feed(stream)
        for cut in 0...stream.count {
            var decoder = EventStreamDecoder()
            let messages = try decoder.feed(stream[..<cut]) + decoder.feed(stream[cut...])
            #expect(messages == expected, "cut at \(cut)")
        }
        for size in 1...11 {
            var decoder = EventStreamDecoder()
            var messages: [EventStreamMessage] = []
            var index = 0
            while index < stream.count {
                messages += try decoder.feed(stream[index..<min(index + size, stream.count)])
                index += size
            }
            #expect(messages == expected, "chunks of \(size)")
        }
    }

    @Test func aCorruptedMessageCRCIsAnError() {
        var frame = Self.chunkFrame
        frame[frame.count - 1] ^= 0x01
        var decoder = EventStreamDecoder()
        #expect(throws: EventStreamError.self) { try decoder.feed(frame) }
        // The stream stays failed: frame boundaries cannot be trusted any more.
        #expect(throws: EventStreamError.self) { try decoder.feed(Self.chunkFrame) }
    }

    @Test func aCorruptedPreludeIsAnErrorBeforeTheLengthIsTrusted() {
        var frame = Self.chunkFrame
        frame[1] = 0x7F  // a 2 GB length: must not be waited for
        var decoder = EventStreamDecoder()
        #expect(throws: EventStreamError.self) { try decoder.feed(frame.prefix(12)) }
    }

    @Test func theEncoderReproducesTheVectorFrame() {
        let encoded = EventStreamEncoder.chunk(eventJSON: Array(Self.innerEvent.utf8), padding: "abcd")
        #expect(encoded == Self.chunkFrame)
        let exception = EventStreamEncoder.exception("throttlingException", message: "Too many requests, please wait before trying again.")
        #expect(exception == Self.exceptionFrame)
    }

    @Test func duplicateHeadersAndUnknownTypesAreErrors() {
        let duplicate = EventStreamEncoder.encode(
            EventStreamMessage(headers: [("a", .string("1")), ("a", .string("2"))], payload: []))
        var decoder = EventStreamDecoder()
        #expect(throws: EventStreamError.self) { try decoder.feed(duplicate) }
        let typed = EventStreamEncoder.encode(
            EventStreamMessage(
                headers: [("b", .bool(true)), ("i", .int32(-7)), ("l", .int64(1 << 40)), ("t", .timestamp(1000)), ("x", .bytes([1, 2]))],
                payload: [9]))
        var other = EventStreamDecoder()
        let decoded = try? other.feed(typed)
        #expect(decoded?.first?.headers.map { $0.value } == [.bool(true), .int32(-7), .int64(1 << 40), .timestamp(1000), .bytes([1, 2])])
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
