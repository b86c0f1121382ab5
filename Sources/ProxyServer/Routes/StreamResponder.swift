import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// Streams one upstream SSE response to the client in its dialect, one write per network read.
struct StreamResponder<Translator: StreamTranslating>: Sendable {
    let translator: Translator
    let tracker: RequestTracker
    /// Says whether an upstream failure is the shutdown ending the request (see `abortInFlight`).
    let client: AnthropicClient
    /// Runs once the translator has finished the stream, before its last bytes are written
    /// (the Responses store keeps the response here, so a follow-up sent on the last event finds it).
    var beforeLastWrite: (@Sendable (Translator) async -> Void)? = nil

    func response(_ upstream: UpstreamResponse, headers: HTTPFields) -> Response {
        let translator = translator
        let tracker = tracker
        let upstreamRequestID = upstream.requestID
        let client = client
        let beforeLastWrite = beforeLastWrite
        let body = ResponseBody { writer in
            // The upstream slot is held while the stream runs and given back however it ends.
            defer { upstream.release() }
            var pipeline = StreamPipeline(
                translator: translator, framing: upstream.isAmazonEventStream ? .bedrockEventStream : .serverSentEvents)
            var upstreamBytes = upstream.body.makeAsyncIterator()
            do {
                while !pipeline.isFinished {
                    let buffer: ByteBuffer?
                    do {
                        buffer = try await upstreamBytes.next()
                    } catch {
                        // The upstream failed mid-stream (idle timeout, reset): tell the client properly.
                        if Task.isCancelled { throw CancellationError() }
                        break
                    }
                    guard let buffer else { break }
                    let output = buffer.withUnsafeReadableBytes { pipeline.feed($0) }
                    if pipeline.isFinished, let beforeLastWrite { await beforeLastWrite(pipeline.translator) }
                    if output.isFirstToken { tracker.firstToken() }
                    if !output.observations.isEmpty {
                        report(output.observations, upstreamRequestID, usage: pipeline.translator.usage)
                    }
                    // A client that went away makes this write fail; leaving here drops the upstream
                    // body, which cancels the upstream request and closes its connection.
                    if !output.bytes.isEmpty { try await writer.write(ByteBuffer(bytes: output.bytes)) }
                }
                let end = pipeline.finish(abortingWith: client.isAborted ? .shuttingDown : nil)
                if !end.observations.isEmpty { report(end.observations, upstreamRequestID, usage: pipeline.translator.usage) }
                if !end.bytes.isEmpty { try await writer.write(ByteBuffer(bytes: end.bytes)) }
                try await writer.finish(nil)
            } catch {
                tracker.clientDisconnected(usage: pipeline.translator.usage)
                throw error
            }
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Deltas first, then how the request ended: one network read can carry both, and the
    /// dashboard must see the end last.
    /// `usage`: what the upstream has reported so far, which a stream failing part-way has used.
    private func report(_ observations: [StreamObservation], _ upstreamRequestID: String?, usage: Usage) {
        tracker.observe(observations)
        for observation in observations {
            switch observation {
            case .finished(let stopReason, let usage):
                tracker.finished(
                    stopReason: stopReason, finishReason: FinishReason.openAI(stopReason), usage: usage,
                    upstreamRequestID: upstreamRequestID)
            case .failed(var error):
                error.upstreamRequestID = error.upstreamRequestID ?? upstreamRequestID
                tracker.failed(error, usage: usage)
            default:
                break
            }
        }
    }
}
