import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProxyCore

/// Streams one upstream SSE response to the client as OpenAI chunks, one write per network read.
struct ChatStreamResponder: Sendable {
    let translated: TranslatedRequest
    let tracker: RequestTracker

    func response(_ upstream: UpstreamResponse, headers: HTTPFields) -> Response {
        let model = translated.model.upstreamID
        let responseFormatTool = translated.responseFormatTool
        let tracker = tracker
        let upstreamRequestID = upstream.requestID
        let body = ResponseBody { writer in
            // The upstream slot is held while the stream runs and given back however it ends.
            defer { upstream.release() }
            var translator = ChatStreamTranslator(
                model: model, created: Int(Date().timeIntervalSince1970), responseFormatTool: responseFormatTool,
                observing: tracker.hub.hasSubscribers)
            var decoder = SSEDecoder()
            var upstreamBytes = upstream.body.makeAsyncIterator()
            var sawToken = false
            do {
                while !translator.isFinished {
                    let buffer: ByteBuffer?
                    do {
                        buffer = try await upstreamBytes.next()
                    } catch {
                        // The upstream failed mid-stream (idle timeout, reset): tell the client properly.
                        if Task.isCancelled { throw CancellationError() }
                        break
                    }
                    guard let buffer else { break }
                    let events = buffer.withUnsafeReadableBytes { decoder.feed($0) }
                    var output: [UInt8] = []
                    for event in events {
                        let step = translator.handle(event)
                        output.append(contentsOf: step.bytes)
                        if !sawToken, translator.hasEmittedContent {
                            sawToken = true
                            tracker.firstToken()
                        }
                        if !step.observations.isEmpty { report(step.observations, upstreamRequestID) }
                        if translator.isFinished { break }
                    }
                    // A client that went away makes this write fail; leaving here drops the upstream
                    // body, which cancels the upstream request and closes its connection.
                    if !output.isEmpty { try await writer.write(ByteBuffer(bytes: output)) }
                }
                if !translator.isFinished {
                    let step = translator.upstreamEnded()
                    report(step.observations, upstreamRequestID)
                    try await writer.write(ByteBuffer(bytes: step.bytes))
                }
                try await writer.finish(nil)
            } catch {
                tracker.clientDisconnected()
                throw error
            }
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    private func report(_ observations: [StreamObservation], _ upstreamRequestID: String?) {
        for observation in observations {
            switch observation {
            case .finished(let stopReason, let usage):
                tracker.finished(
                    stopReason: stopReason, finishReason: FinishReason.openAI(stopReason), usage: usage,
                    upstreamRequestID: upstreamRequestID)
            case .failed(var error):
                error.upstreamRequestID = error.upstreamRequestID ?? upstreamRequestID
                tracker.failed(error)
            default:
                break
            }
        }
        tracker.observe(observations)
    }
}
