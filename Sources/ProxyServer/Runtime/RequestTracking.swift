import Synchronization

/// Shared by the outermost middleware and the route serving one request: whether a
/// `RequestTracker` has published the request (so a refusal thrown before that point is
/// published as a row by `ErrorMiddleware` instead), and the model asked for, once read.
///
/// A reference because a request context is copied on its way down the middleware chain.
public final class RequestTracking: Sendable {
    private struct State {
        var tracked = false
        var requestedModel: String?
        var client: String?
        var ledger: LedgerDraft?
        var metrics: RequestMetrics?
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether a tracker has taken the request (published `requestAccepted`).
    public var isTracked: Bool { state.withLock { $0.tracked } }

    public var requestedModel: String? {
        get { state.withLock { $0.requestedModel } }
        set { state.withLock { $0.requestedModel = newValue } }
    }

    /// The client's key name (or address) once authenticated.
    public var client: String? {
        get { state.withLock { $0.client } }
        set { state.withLock { $0.client = newValue } }
    }

    /// The request's ledger row, so the outermost middleware can end it with what it answered.
    var ledger: LedgerDraft? {
        get { state.withLock { $0.ledger } }
        set { state.withLock { $0.ledger = newValue } }
    }

    /// The request's metrics, so the outermost middleware can count it with the status it answered.
    var metrics: RequestMetrics? {
        get { state.withLock { $0.metrics } }
        set { state.withLock { $0.metrics = newValue } }
    }

    func markTracked() {
        state.withLock { $0.tracked = true }
    }
}
