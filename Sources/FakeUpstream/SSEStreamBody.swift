import Hummingbird

/// Writes pre-encoded SSE frames through Hummingbird's streaming response body, pausing as
/// planned and keeping the owner's stream statistics.
///
/// Frames with no pause between them are handed to the writer in batches (one chunk and
/// one flush per batch) so fast mode is limited by the client, not by per-event syscalls.
enum SSEStreamBody {
    static let maxBatch = 32

    static func make(frames: [SSEFrame], fake: FakeAnthropic) -> ResponseBody {
        ResponseBody { writer in
            await fake.streamStarted()
            do {
                var batch = ByteBuffer()
                var batched = 0
                for frame in frames {
                    if batched == 0 {
                        batch = frame.buffer
                    } else {
                        batch.writeImmutableBuffer(frame.buffer)
                    }
                    batched += 1
                    guard frame.pause > .zero || batched >= maxBatch else { continue }
                    try Task.checkCancellation()
                    try await writer.write(batch)
                    batched = 0
                    if frame.pause > .zero {
                        try await Task.sleep(for: frame.pause)
                    }
                }
                if batched > 0 {
                    try await writer.write(batch)
                }
                try await writer.finish(nil)
            } catch {
                // The client went away (a write failed) or the server is shutting down.
                await fake.streamEnded(completed: false)
                throw error
            }
            await fake.streamEnded(completed: true)
        }
    }
}
