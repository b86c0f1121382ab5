/// What turns a client dialect's stream out of Anthropic Messages events: Chat Completions
/// chunks today, Responses events and the native Messages pass-through next.
///
/// A pure state machine: each upstream event in, the bytes to write to the client and what was
/// observed out. `StreamPipeline` drives it for every dialect, in the server and in the tests.
public protocol StreamTranslating: Sendable {
    /// Handles one decoded upstream event.
    mutating func handle(_ event: SSEEvent) -> StreamStep
    /// The upstream ended before a terminal event: closes the client's stream with an error.
    mutating func upstreamEnded() -> StreamStep
    /// Ends an unfinished stream with `error` in the dialect's way (e.g. the proxy shutting down).
    mutating func abort(_ error: ProxyError) -> StreamStep
    /// True once the client's stream is complete; later events are ignored.
    var isFinished: Bool { get }
    /// True once content (text, reasoning or a tool call) has reached the client: the first token.
    var hasEmittedContent: Bool { get }
    /// The token counts the upstream has reported so far: what a stream that ends early (the client
    /// went away) has already cost.
    var usage: Usage { get }
}

/// The result of one upstream event: bytes for the client, and observations for the event
/// stream, the dashboard and the ledger.
public struct StreamStep: Sendable {
    public var bytes: [UInt8] = []
    public var observations: [StreamObservation] = []

    public init(bytes: [UInt8] = [], observations: [StreamObservation] = []) {
        self.bytes = bytes
        self.observations = observations
    }
}

extension StreamTranslating {
    /// The upstream closed the connection before `message_stop`: every dialect ends its
    /// client's stream with the same truncation error, in its own shape.
    public mutating func upstreamEnded() -> StreamStep {
        abort(
            ProxyError(
                kind: .upstream, status: 502, message: "The upstream stream ended before the message was complete.",
                code: "upstream_stream_truncated"))
    }
}
