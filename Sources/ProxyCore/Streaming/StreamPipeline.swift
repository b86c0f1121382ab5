/// The streaming half of every request: upstream bytes as the network delivers them in, the
/// client's bytes out, one call per network read.
///
/// It owns the SSE decoder and a dialect's `StreamTranslating` state machine and reports the
/// first token once. The server's stream writer is a loop around `feed` and `finish`, and the
/// unit tests run recorded streams through exactly the same code, split every few bytes.
public struct StreamPipeline<Translator: StreamTranslating>: Sendable {
    /// What one network read produced.
    public struct Output: Sendable {
        /// Bytes to write to the client (may be empty).
        public var bytes: [UInt8] = []
        public var observations: [StreamObservation] = []
        /// True on the one read that carried the first content to the client.
        public var isFirstToken = false
    }

    /// How the upstream frames its events.
    public enum Framing: Sendable {
        /// Server-sent events (Anthropic, Vertex AI).
        case serverSentEvents
        /// `application/vnd.amazon.eventstream` carrying base64 events (Bedrock).
        case bedrockEventStream
    }

    public private(set) var translator: Translator
    private let framing: Framing
    private var decoder = SSEDecoder()
    private var bedrockDecoder = BedrockStreamDecoder()
    private var reportedFirstToken = false

    public init(translator: Translator, framing: Framing = .serverSentEvents) {
        self.translator = translator
        self.framing = framing
    }

    /// True once the client's stream is complete: stop reading the upstream.
    public var isFinished: Bool { translator.isFinished }

    /// Decodes and translates one chunk of upstream bytes.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Output {
        var output = Output()
        let events = framing == .serverSentEvents ? decoder.feed(bytes) : bedrockDecoder.feed(bytes)
        for event in events {
            append(translator.handle(event), to: &output)
            if translator.isFinished { break }
        }
        return output
    }

    /// The upstream body ended (or failed): closes the client's stream properly if the
    /// translator has not already finished it, with `error` when the proxy itself ended it
    /// (shutdown) and as a truncated upstream stream otherwise.
    public mutating func finish(abortingWith error: ProxyError? = nil) -> Output {
        var output = Output()
        guard !translator.isFinished else { return output }
        append(error.map { translator.abort($0) } ?? translator.upstreamEnded(), to: &output)
        return output
    }

    private mutating func append(_ step: StreamStep, to output: inout Output) {
        output.bytes.append(contentsOf: step.bytes)
        output.observations.append(contentsOf: step.observations)
        if !reportedFirstToken, translator.hasEmittedContent {
            reportedFirstToken = true
            output.isFirstToken = true
        }
    }
}
