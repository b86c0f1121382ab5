/// How often and how patiently upstream failures before the first byte are retried.
public struct RetrySettings: Sendable, Equatable {
    public var maxRetries = 2
    public var initialBackoffMs = 500
    public var maxBackoffMs = 8000
    public init() {}
}

/// Upstream timeouts. There is deliberately no total timeout: long generations must finish.
public struct TimeoutSettings: Sendable, Equatable {
    public var connectSeconds = 10
    /// Until the upstream's response headers arrive.
    public var firstByteSeconds = 300
    /// Longest silence between two streamed events.
    public var idleSeconds = 300
    public init() {}
}
