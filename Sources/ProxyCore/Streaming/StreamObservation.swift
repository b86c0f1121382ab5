/// What the stream translator saw in one upstream event, for the event stream and the ledger.
public enum StreamObservation: Sendable, Equatable {
    case started(messageID: String)
    case text(String)
    case reasoning(String)
    case toolCall(index: Int, id: String, name: String)
    case toolArguments(index: Int, fragment: String)
    case finished(stopReason: String?, usage: Usage)
    case failed(ProxyError)
}
