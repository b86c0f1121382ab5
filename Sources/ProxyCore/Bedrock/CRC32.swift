/// CRC-32 as zlib and `binascii.crc32` compute it (IEEE polynomial, reflected, init and final xor
/// `0xFFFFFFFF`): the checksum of `application/vnd.amazon.eventstream` frames.
///
/// Written here because none of the packages the proxy uses exposes one (swift-crypto has no CRC,
/// and NIO's compression support hides zlib).
public struct CRC32: Sendable {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// Adds bytes to the running checksum.
    public mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        var crc = state
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        state = crc
    }

    /// The checksum of everything added so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The checksum of `bytes` in one call.
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
