import Hummingbird

/// A realistic fake of Anthropic's Messages API on loopback, for end-to-end tests, client
/// tests, benchmarks and demo mode.
///
/// Routes: `POST /v1/messages` (streaming and not), `POST /v1/messages/count_tokens`,
/// `GET /v1/models` (`limit`, `after_id`, `before_id`), `GET /v1/models/{id}`, plus
/// introspection: `GET /_fake/requests`, `DELETE /_fake/requests` (reset), `GET /_fake/stats`.
/// Claude on Vertex AI too: `POST /v1/projects/{p}/locations/{r}/publishers/anthropic/models/
/// {model}:rawPredict` / `:streamRawPredict` / `count-tokens:rawPredict` (`VertexPath`), with a
/// Google access token from the fake's own GCE metadata routes (`FakeGoogleMetadata`).
/// `/v1` routes require `x-api-key` or `authorization: Bearer …`, and `anthropic-version`;
/// bodies are validated like the real API. Every `/v1` response carries `request-id:
/// req_fake_<n>` and the `anthropic-ratelimit-*` headers.
///
/// The same server also plays Amazon Bedrock (``FakeBedrock``): `POST /model/{id}/invoke`,
/// `/invoke-with-response-stream` (an event stream), `/count-tokens`, `GET /foundation-models` and
/// `GET /inference-profiles`, authenticated by SigV4 or a Bedrock API key.
///
/// A `[[scenario:NAME]]` or `[[scenario:NAME:KEY]]` marker in the last user message selects
/// the answer: `thinking`, `tools`, `fail-529-once`, `fail-500-once`, `fail-429-once`,
/// `fail-529`, `spend-limit`, `auth-401`, `forbidden-403`, `bad-400`, `too-large-413`,
/// `subscription-only`, `midstream-error`, `max-tokens`, `refusal`, `cache`, `slow`, `json`,
/// `long:N`. `-once` scenarios fail the first time their exact marker is seen. Without a
/// marker the fake echoes tool results, honours forced `tool_choice`, adds a thinking block
/// when `thinking` is requested, and otherwise answers
/// `Hello from the fake Claude. You said: <first 40 chars of the last user text>`.
///
/// The actor holds all shared mutable state: the request log, counters (request ids,
/// `-once` markers) and stream statistics.
public actor FakeAnthropic {
    /// Oldest entries are dropped beyond this many recorded requests (bounds memory in long benchmarks).
    public static let maxRecordedRequests = 10_000

    /// Options this server was created with.
    public nonisolated let options: FakeAnthropicOptions

    private var recorded: [FakeRecordedRequest] = []
    private var requestCounter = 0
    private var markerCounts: [String: Int] = [:]
    private var streamStats = FakeStreamStats()
    private var googleTokens: Set<String> = []

    public init(options: FakeAnthropicOptions = .init()) {
        self.options = options
    }

    /// Runs the server until the calling task is cancelled; calls `onReady` with the bound
    /// port once listening.
    public nonisolated func run(onReady: @escaping @Sendable (Int) async -> Void) async throws {
        let responder = FakeResponder(fake: self, planner: ReplyPlanner(options: options))
        var app = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [FakeHangUpCloser()])),
            configuration: .init(address: .hostname(options.host, port: options.port)),
            onServerRunning: { channel in
                await onReady(channel.localAddress?.port ?? 0)
            }
        )
        // The fake's own server logs (startup line, shutdown-by-cancellation noise) are not useful
        // to its users; real failures (e.g. the port is taken) are thrown from `run`.
        app.logger.logLevel = .critical
        try await app.run()
    }

    /// Everything received (except `/_fake/` routes), in order.
    public var requests: [FakeRecordedRequest] { recorded }

    /// Clears recorded requests, the request-id and marker counters, and stream statistics.
    public func reset() {
        recorded.removeAll()
        requestCounter = 0
        markerCounts.removeAll()
        streamStats = FakeStreamStats()
    }

    /// Issues a Google access token the Vertex routes accept (the metadata server's token route).
    func issueGoogleToken() -> String {
        let token = "ya29.fake-vertex-\(googleTokens.count + 1)"
        googleTokens.insert(token)
        return token
    }

    /// Whether `token` was issued by `issueGoogleToken`.
    func acceptsGoogleToken(_ token: String) -> Bool {
        googleTokens.contains(token)
    }

    /// Current stream counters.
    public var stats: FakeStreamStats { streamStats }

    /// Records a request and returns its sequence number (used for `req_fake_<n>` and `msg_fake_<n>`).
    func admit(_ request: FakeRecordedRequest) -> Int {
        requestCounter += 1
        recorded.append(request)
        if recorded.count > Self.maxRecordedRequests {
            recorded.removeFirst(recorded.count - Self.maxRecordedRequests + Self.maxRecordedRequests / 10)
        }
        return requestCounter
    }

    /// Counts one more sighting of an exact scenario marker; returns the new count (1 = first time).
    func noteMarker(_ marker: String) -> Int {
        let count = markerCounts[marker, default: 0] + 1
        markerCounts[marker] = count
        return count
    }

    func streamStarted() {
        streamStats.streamsStarted += 1
    }

    func streamEnded(completed: Bool) {
        if completed {
            streamStats.streamsCompleted += 1
        } else {
            streamStats.streamsCancelled += 1
        }
    }

    /// `GET /_fake/requests` body.
    func requestsJSON() -> String {
        "[" + recorded.map(\.json).joined(separator: ",") + "]"
    }
}
