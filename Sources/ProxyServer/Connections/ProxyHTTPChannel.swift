import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import ProxyCore

/// The proxy's HTTP/1 channel (`ProxyHTTP1Channel`) with its connection rules around it: connections beyond
/// `limits.maxConnections` get a 503 and are closed, slow or idle clients are closed after
/// `timeouts.clientReadSeconds` / `timeouts.clientIdleSeconds` (never a response that is still
/// being written), and a client that hangs up cancels the work done for it at once.
struct ProxyHTTPChannel: ServerChildChannel {
    enum Value: ServerChildChannelValue {
        case admitted(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, ClientHangUp)
        case refused(any Channel)

        var channel: any Channel {
            switch self {
            case .admitted(let asyncChannel, _): asyncChannel.channel
            case .refused(let channel): channel
            }
        }
    }

    let http: ProxyHTTP1Channel
    let gate: ConnectionGate
    let readTimeout: TimeAmount
    let idleTimeout: TimeAmount

    /// The server builder for `Application(server:)`.
    static func builder(gate: ConnectionGate, timeouts: TimeoutSettings) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            ProxyHTTPChannel(
                http: ProxyHTTP1Channel(responder: responder, configuration: .init()), gate: gate,
                readTimeout: .seconds(Int64(timeouts.clientReadSeconds)), idleTimeout: .seconds(Int64(timeouts.clientIdleSeconds)))
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let gate = gate
        switch gate.admit() {
        case .admitted:
            channel.closeFuture.whenComplete { _ in gate.release() }
        case .refused(let answer):
            return channel.eventLoop.makeCompletedFuture {
                if answer {
                    channel.closeFuture.whenComplete { _ in gate.refusalDone() }
                    try channel.pipeline.syncOperations.addHandler(ConnectionRefusalHandler(limit: gate.limit))
                } else {
                    channel.close(promise: nil)
                }
                return .refused(channel)
            }
        }
        let (readTimeout, idleTimeout) = (readTimeout, idleTimeout)
        return http.setup(channel: channel, logger: logger).flatMapThrowing { asyncChannel in
            let hangUp = ClientHangUp()
            let monitor = ClientTimeoutMonitor(channel: channel, read: readTimeout, idle: idleTimeout)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ClientConnectionHandler(monitor: monitor, hangUp: hangUp), position: .first)
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(ClientRequestWatcher(monitor: monitor), position: .before(state))
            return .admitted(asyncChannel, hangUp)
        }
    }

    func handle(value: Value, logger: Logger) async {
        guard case .admitted(let asyncChannel, let hangUp) = value else { return }
        // The connection is served in a task of its own so that a hang-up can cancel it: every
        // wait inside (the upstream's first byte, its next event) ends with the cancellation.
        let http = http
        let serving = Task { await http.handle(value: asyncChannel, logger: logger) }
        hangUp.onHangUp { serving.cancel() }
        await withTaskCancellationHandler {
            await serving.value
        } onCancel: {
            serving.cancel()
        }
    }
}
