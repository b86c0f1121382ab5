/// One message of an `application/vnd.amazon.eventstream` body (upstreams.md §5.5): typed
/// headers and a payload. Bedrock's response stream is a sequence of these.
public struct EventStreamMessage: Sendable, Equatable {
    /// A header value, by the wire's type tag (0–9).
    public enum HeaderValue: Sendable, Equatable {
        case bool(Bool)
        case int8(Int8)
        case int16(Int16)
        case int32(Int32)
        case int64(Int64)
        case bytes([UInt8])
        case string(String)
        /// Milliseconds since 1970.
        case timestamp(Int64)
        case uuid([UInt8])

        public var stringValue: String? {
            if case .string(let value) = self { return value }
            return nil
        }
    }

    /// Headers in wire order; names are unique.
    public var headers: [(name: String, value: HeaderValue)]
    public var payload: [UInt8]

    public init(headers: [(name: String, value: HeaderValue)], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    /// The string value of header `name` (`:message-type`, `:event-type`, `:exception-type`, …).
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value.stringValue
    }

    public static func == (lhs: EventStreamMessage, rhs: EventStreamMessage) -> Bool {
        lhs.payload == rhs.payload && lhs.headers.map { $0.name } == rhs.headers.map { $0.name }
            && lhs.headers.map { $0.value } == rhs.headers.map { $0.value }
    }
}
