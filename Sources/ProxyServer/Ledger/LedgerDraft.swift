import Foundation
import ProxyCore
import ProxyStore
import Synchronization

/// One request's ledger row while the request runs: filled in by `RequestTracker` as the request
/// is accepted, tried upstream and answered, and handed to the `LedgerRecorder` exactly once, by
/// whichever end comes first (finished, failed, client gone).
///
/// A request that was accepted but whose end nobody reported (a streamed body the server never
/// started because the client had already gone) is recorded when the draft is released, as a
/// client disconnect, so no accepted request is ever missing from the ledger.
final class LedgerDraft: Sendable {
    private struct State {
        var info: RequestInfo?
        var attempts = 0
        var upstream: String?
        var ttftMs: Int?
        var recorded = false
    }

    private let recorder: LedgerRecorder
    private let prices: ModelPrices
    private let started: ContinuousClock.Instant
    private let state = Mutex(State())

    init(recorder: LedgerRecorder, prices: ModelPrices, started: ContinuousClock.Instant) {
        self.recorder = recorder
        self.prices = prices
        self.started = started
    }

    func accepted(_ info: RequestInfo) {
        state.withLock { $0.info = info }
    }

    func attempt(upstream: String) {
        state.withLock { state in
            state.attempts += 1
            state.upstream = upstream
        }
    }

    func firstToken(milliseconds: Int) {
        state.withLock { state in
            if state.ttftMs == nil { state.ttftMs = milliseconds }
        }
    }

    /// Records the row unless an earlier end already did; ignored before `accepted` (a refusal
    /// before that point is recorded by `ErrorMiddleware`).
    func end(status: Int, errorType: String?, usage: Usage, latencyMs: Int) {
        let taken = state.withLock { state -> State? in
            guard !state.recorded, state.info != nil else { return nil }
            state.recorded = true
            return state
        }
        guard let taken, let info = taken.info else { return }
        recorder.record(
            Self.record(
                info: info, attempts: taken.attempts, upstream: taken.upstream, ttftMs: taken.ttftMs, status: status,
                errorType: errorType, usage: usage, latencyMs: latencyMs, prices: prices))
    }

    deinit {
        let elapsed = ContinuousClock.now - started
        end(
            status: 499, errorType: UpstreamSender.clientGone.code, usage: Usage(),
            latencyMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    static func record(
        info: RequestInfo, attempts: Int, upstream: String?, ttftMs: Int?, status: Int, errorType: String?, usage: Usage,
        latencyMs: Int, prices: ModelPrices
    ) -> LedgerRecord {
        let model = info.upstreamModel.isEmpty ? nil : info.upstreamModel
        return LedgerRecord(
            time: Date(), requestID: info.requestID, client: info.client, route: info.route,
            requestedModel: info.requestedModel.isEmpty ? nil : info.requestedModel, upstreamModel: model,
            upstream: upstream ?? (info.upstream.isEmpty ? nil : info.upstream), stream: info.stream, status: status,
            errorType: errorType, attempts: attempts, latencyMs: latencyMs, ttftMs: ttftMs, inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens, cacheReadTokens: usage.cacheReadInputTokens,
            cacheWriteTokens: usage.cacheCreationInputTokens, thinkingTokens: usage.thinkingTokens ?? 0,
            costUSD: prices.cost(of: usage, model: model ?? info.requestedModel))
    }
}
