/// Why an `application/vnd.amazon.eventstream` body could not be decoded. The stream is unusable
/// after any of these: a frame boundary can no longer be trusted.
public struct EventStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "invalid event-stream frame: \(reason)" }
}
