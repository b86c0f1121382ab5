/// How often and how patiently upstream failures before the first byte are retried.
public struct RetrySettings: Sendable, Equatable {
    public var maxRetries = 2
    public var initialBackoffMs = 500
    public var maxBackoffMs = 8000
    public init() {}
}

/// Upstream and client timeouts. There is deliberately no total timeout: long generations must finish.
public struct TimeoutSettings: Sendable, Equatable {
    public var connectSeconds = 10
    /// Streaming requests: until the upstream's response headers arrive (Anthropic sends them
    /// before generating, so a minute of silence means something is wrong).
    public var firstByteSeconds = 60
    /// Non-streaming requests: until the upstream's answer arrives, which only happens once the
    /// whole generation is done (the Anthropic SDK's default, 10 minutes).
    public var nonStreamingSeconds = 600
    /// Longest silence between two streamed events.
    public var idleSeconds = 300
    /// A client's request (head and body) must arrive within this once it has begun.
    public var clientReadSeconds = 30
    /// A client connection with no request in progress is closed after this.
    public var clientIdleSeconds = 60
    public init() {}

    /// The first-byte deadline of one upstream attempt.
    public func firstByteDeadline(stream: Bool) -> Int { stream ? firstByteSeconds : nonStreamingSeconds }
}
