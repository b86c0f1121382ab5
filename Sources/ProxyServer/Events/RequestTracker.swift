import Foundation
import Logging
import ProxyCore

/// Publishes the events of one request's life: accepted, attempts, first token, deltas, and
/// how it ended, and fills in its ledger row. Cheap when nobody listens: deltas are only built
/// while a subscriber exists.
struct RequestTracker: Sendable {
    let hub: EventHub
    let requestID: String
    let started: ContinuousClock.Instant
    /// Where a failure is also logged, so `serve` leaves a line per failed request at the default level.
    let logger: Logger?
    /// Told when the request is accepted, so a later refusal is not published twice.
    let tracking: RequestTracking?
    /// The request's ledger row, recorded by whichever end comes first; nil without a ledger.
    let ledger: LedgerDraft?
    /// The request's claim on its budgets, booked when it ends; nil without budgets.
    let budget: BudgetSlot?
    /// The request's counters and timers for `GET /metrics`; nil without metrics.
    let metrics: RequestMetrics?

    init(
        hub: EventHub, logger: Logger? = nil, tracking: RequestTracking? = nil, ledger: LedgerRecorder? = nil,
        prices: ModelPrices = ModelPrices(), budget: BudgetSlot? = nil, metrics: ProxyMetrics? = nil
    ) {
        self.hub = hub
        self.logger = logger
        self.tracking = tracking
        self.budget = budget
        requestID = Self.makeID()
        let started = ContinuousClock.now
        self.started = started
        let draft = ledger.map { LedgerDraft(recorder: $0, prices: prices, started: started) }
        self.ledger = draft
        tracking?.ledger = draft
        let requestMetrics = metrics.map { RequestMetrics(metrics: $0, started: started) }
        self.metrics = requestMetrics
        tracking?.metrics = requestMetrics
    }

    /// One random draw per request (the system generator is a syscall per call), base-36 encoded.
    static func makeID() -> String {
        "cp_" + String(UInt64.random(in: 0...UInt64.max) & 0x0FFF_FFFF_FFFF_FFFF, radix: 36)
    }

    var elapsedMs: Int {
        let elapsed = ContinuousClock.now - started
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// `modelLabel`: the request's model as metrics label it (`ModelCatalog.metricsLabel(for:)`).
    func accepted(_ info: RequestInfo, modelLabel: String) {
        tracking?.markTracked()
        ledger?.accepted(info)
        metrics?.accepted(route: info.route, model: modelLabel)
        hub.publish(.requestAccepted(info))
    }

    func inspection(_ inspection: RequestInspection) { hub.publish(.inspection(inspection)) }

    /// Every connection to the upstream is busy: the request waits in line for one.
    func queued() { hub.publish(.queued(requestID: requestID)) }

    func attempt(_ number: Int, upstream: String) {
        ledger?.attempt(upstream: upstream)
        hub.publish(.upstreamAttempt(requestID: requestID, attempt: number, upstream: upstream))
    }

    func retrying(attempt: Int, status: Int?, delayMs: Int, reason: String) {
        hub.publish(.retrying(requestID: requestID, attempt: attempt, status: status, delayMs: delayMs, reason: reason))
    }

    func firstToken() {
        let milliseconds = elapsedMs
        ledger?.firstToken(milliseconds: milliseconds)
        metrics?.firstToken()
        hub.publish(.firstToken(requestID: requestID, milliseconds: milliseconds))
    }

    /// Stream observations as delta events (skipped entirely when nobody is subscribed).
    func observe(_ observations: [StreamObservation]) {
        guard hub.hasSubscribers else { return }
        for observation in observations {
            switch observation {
            case .text(let text): hub.publish(.delta(requestID: requestID, delta: .text(text)))
            case .reasoning(let text): hub.publish(.delta(requestID: requestID, delta: .reasoning(text)))
            case .toolCall(let index, _, let name): hub.publish(.delta(requestID: requestID, delta: .toolCall(index: index, name: name)))
            case .toolArguments(let index, let fragment):
                hub.publish(.delta(requestID: requestID, delta: .toolArguments(index: index, fragment: fragment)))
            case .started, .finished, .failed: break
            }
        }
    }

    func finished(stopReason: String?, finishReason: String?, usage: Usage, upstreamRequestID: String?) {
        let durationMs = elapsedMs
        budget?.settle(usage)
        ledger?.end(status: 200, errorType: nil, usage: usage, latencyMs: durationMs)
        metrics?.end(status: 200, usage: usage)
        hub.publish(
            .finished(
                RequestOutcome(
                    requestID: requestID, status: 200, stopReason: stopReason, finishReason: finishReason, usage: usage,
                    durationMs: durationMs, upstreamRequestID: upstreamRequestID)))
    }

    /// `usage`: what a stream that failed part-way had already used (and cost).
    func failed(_ error: ProxyError, usage: Usage = Usage()) {
        let errorType = error.code ?? error.kind.rawValue
        let durationMs = elapsedMs
        budget?.settle(usage)
        ledger?.end(status: error.status, errorType: errorType, usage: usage, latencyMs: durationMs)
        metrics?.end(status: error.status, usage: usage)
        logger?.log(
            level: error.status >= 500 ? .error : .warning,
            "request \(requestID) failed: \(error.status) \(errorType): \(Redactor.truncate(error.message, limit: 200))",
            metadata: [ProxyService.onHubMetadataKey: "request.failed"])
        hub.publish(
            .failed(
                RequestFailure(
                    requestID: requestID, status: error.status, errorType: errorType,
                    message: error.message, upstreamRequestID: error.upstreamRequestID, durationMs: durationMs)))
    }

    /// The client went away before the answer was complete; `usage` is what had been used by then.
    func clientDisconnected(usage: Usage = Usage()) {
        budget?.settle(usage)
        ledger?.end(status: 499, errorType: UpstreamSender.clientGone.code, usage: usage, latencyMs: elapsedMs)
        metrics?.end(status: 499, usage: usage)
        hub.publish(.clientDisconnected(requestID: requestID))
    }
}
