/// One API a client speaks to the proxy (Chat Completions, Responses; Messages and legacy
/// Completions next), defined by how its requests become a Messages request and how Claude's
/// answer becomes its response, whole or streamed.
///
/// Pure: the server's one request pipeline (`DialectRoute`) takes any dialect, so a new dialect
/// is a request translator, a response translator and a `StreamTranslating` state machine.
public protocol Dialect: Sendable {
    associatedtype Stream: StreamTranslating

    /// The short name the dashboard and the events show: `chat`, `responses`, `messages`.
    var name: String { get }

    /// How errors are shaped for this dialect's clients.
    var errorShape: ErrorShape { get }

    /// Client request headers passed on upstream (an allow-list; never credentials).
    var forwardedHeaders: [String] { get }

    /// What the upstream is asked: a message, or a token count.
    var operation: UpstreamRoute.Operation { get }

    /// Names a new response (the Responses dialect makes ids; others take the upstream's).
    func identity(created: Int) -> ResponseIdentity

    /// The client's body as a Messages request; a 400 naming the field when it cannot be honoured.
    func translate(_ body: JSONValue, context: TranslationContext) throws(ProxyError) -> TranslatedRequest

    /// The whole response for a complete upstream message.
    func response(to message: JSONValue, for request: TranslatedRequest, identity: ResponseIdentity) -> JSONValue

    /// The state machine that turns the upstream's event stream into the client's.
    func streamTranslator(for request: TranslatedRequest, identity: ResponseIdentity, observing: Bool) -> Stream
}

extension Dialect {
    public var errorShape: ErrorShape { .openAI }
    public var forwardedHeaders: [String] { [] }
    public var operation: UpstreamRoute.Operation { .messages }
}

/// What names one response: its id (when the dialect makes its own) and when it was created.
public struct ResponseIdentity: Sendable {
    public var id: String
    /// Unix seconds.
    public var created: Int

    public init(id: String, created: Int) {
        self.id = id
        self.created = created
    }
}
