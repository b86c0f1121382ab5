/// Counters of SSE streams served by a ``FakeAnthropic``.
///
/// `streamsStarted` counts every streaming response whose body began to be written.
/// Each started stream ends as exactly one of: `streamsCompleted` (all planned events,
/// including `message_stop` — or the final `error` event of the `midstream-error`
/// scenario — were written) or `streamsCancelled` (a write failed because the client went
/// away, or the serving task was cancelled).
public struct FakeStreamStats: Sendable, Codable, Equatable {
    public var streamsStarted: Int
    public var streamsCompleted: Int
    public var streamsCancelled: Int

    public init(streamsStarted: Int = 0, streamsCompleted: Int = 0, streamsCancelled: Int = 0) {
        self.streamsStarted = streamsStarted
        self.streamsCompleted = streamsCompleted
        self.streamsCancelled = streamsCancelled
    }

    /// `{"streamsStarted":…,"streamsCompleted":…,"streamsCancelled":…}`
    var json: String {
        JSONText.object([
            ("streamsStarted", String(streamsStarted)),
            ("streamsCompleted", String(streamsCompleted)),
            ("streamsCancelled", String(streamsCancelled)),
        ])
    }
}
