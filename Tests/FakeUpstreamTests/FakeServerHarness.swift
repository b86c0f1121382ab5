import FakeUpstream

/// Starts a ``FakeAnthropic`` on an ephemeral port for the duration of `body`.
func withFakeAnthropic<T: Sendable>(
    _ options: FakeAnthropicOptions = .init(),
    _ body: (_ port: Int, _ fake: FakeAnthropic) async throws -> T
) async throws -> T {
    let fake = FakeAnthropic(options: options)
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let server = Task {
        try await fake.run { port in continuation.yield(port) }
    }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw CancellationError() }
    let result = try await body(port, fake)
    server.cancel()
    _ = await server.result
    return result
}

/// A `/v1/messages` body with one user message.
func messagesBody(
    _ text: String, model: String = "claude-sonnet-4-5-20250929", stream: Bool = false, extra: String = ""
) -> String {
    let escaped = text.replacingOccurrences(of: "\"", with: "\\\"")
    return """
        {"model":"\(model)","max_tokens":1024,"stream":\(stream),\
        "messages":[{"role":"user","content":"\(escaped)"}]\(extra)}
        """
}
