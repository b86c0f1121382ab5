/// One server-sent event: its `event:` name (if any) and its `data:` payload bytes.
public struct SSEEvent: Sendable, Equatable {
    public var event: String?
    public var data: [UInt8]

    public init(event: String? = nil, data: [UInt8]) {
        self.event = event
        self.data = data
    }

    public var dataString: String { String(decoding: data, as: UTF8.self) }
}
