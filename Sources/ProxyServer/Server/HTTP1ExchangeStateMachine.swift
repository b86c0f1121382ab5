/// What an HTTP/1 connection owes each request beyond what Hummingbird does: answers to
/// HTTP/1.0 clients framed the way HTTP/1.0 understands (no chunked encoding; the connection
/// closes unless the client asked for keep-alive and the body has a length), and a proper
/// answer to a request the parser rejects, sent once no earlier response is still being written.
///
/// A pure state machine: `HTTP1ExchangeHandler` feeds it what passes through the pipeline and
/// carries out the actions it returns.
struct HTTP1ExchangeStateMachine {
    /// One request whose response has not been completely written.
    struct PendingRequest: Equatable {
        var isHTTP10: Bool
        var clientWantsKeepAlive: Bool
        var closeAfterResponse = false
    }

    enum ResponseHeadAction: Equatable {
        /// An HTTP/1.1 exchange: nothing to change.
        case passThrough
        /// Answer as HTTP/1.0, without `Transfer-Encoding`, with `Connection: keep-alive` or `close`.
        case frameAsHTTP10(keepAlive: Bool)
    }

    enum ResponseEndAction: Equatable {
        case passThrough
        /// Close once the end has been written (an HTTP/1.0 answer the client cannot reuse).
        case closeAfterWrite
        /// Write the postponed parse-error answer, then close.
        case writeParseErrorThenClose
    }

    enum ParseErrorAction: Equatable {
        /// Answer with the error now and close.
        case respondAndClose
        /// A response is still being written: answer once it ends (`ResponseEndAction`).
        case respondAfterCurrentResponses
        /// A request body was being read: let the error reach the route reading it.
        case propagate
    }

    private(set) var pending: [PendingRequest] = []
    private var requestBeingRead = false
    private var parseErrorPostponed = false

    mutating func receivedHead(isHTTP10: Bool, keepAlive: Bool) {
        pending.append(PendingRequest(isHTTP10: isHTTP10, clientWantsKeepAlive: keepAlive))
        requestBeingRead = true
    }

    mutating func receivedEnd() {
        requestBeingRead = false
    }

    /// A final (non-1xx) response head is written for the oldest pending request.
    mutating func writingResponseHead(hasContentLength: Bool) -> ResponseHeadAction {
        guard !pending.isEmpty, pending[0].isHTTP10 else { return .passThrough }
        // Without a length an HTTP/1.0 body ends where the connection does.
        let keepAlive = pending[0].clientWantsKeepAlive && hasContentLength
        pending[0].closeAfterResponse = !keepAlive
        return .frameAsHTTP10(keepAlive: keepAlive)
    }

    mutating func writingResponseEnd() -> ResponseEndAction {
        guard !pending.isEmpty else { return parseErrorPostponed ? .writeParseErrorThenClose : .passThrough }
        let finished = pending.removeFirst()
        if parseErrorPostponed && pending.isEmpty { return .writeParseErrorThenClose }
        return finished.closeAfterResponse ? .closeAfterWrite : .passThrough
    }

    mutating func parseErrorCaught() -> ParseErrorAction {
        if requestBeingRead { return .propagate }
        if pending.isEmpty { return .respondAndClose }
        parseErrorPostponed = true
        return .respondAfterCurrentResponses
    }
}
