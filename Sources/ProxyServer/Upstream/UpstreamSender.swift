import Logging
import ProxyCore

/// Sends one Messages request upstream: through each upstream in failover order, with retries
/// (connection failures, 408/409/429/5xx/529, backoff with jitter, `retry-after` honoured) and one
/// credential refresh after a 401. Only called before anything reached the client, so all of this
/// is invisible to it.
struct UpstreamSender: Sendable {
    let client: AnthropicClient
    let pool: UpstreamPool
    let settings: ProxySettings
    let logger: Logger
    let tracker: RequestTracker
    let hub: EventHub

    enum Outcome: Sendable {
        /// A 2xx response whose body is ready to be read, and the upstream that gave it.
        case success(UpstreamResponse, upstream: String)
        /// The final error, already mapped for the client.
        case failure(ProxyError, headers: [(String, String)])
    }

    /// What ended one upstream's turn.
    private enum TargetResult {
        case done(Outcome)
        /// Give the next upstream a chance (connection failure, 5xx/529 after retries, credential failure).
        case failover(Outcome, reason: String)
    }

    static let clientGone = ProxyError(kind: .upstream, status: 499, message: "The client went away.", code: "client_closed")

    /// All of an upstream's connections stayed busy for the whole queue time.
    static func queueFull(_ upstream: String, limit: Int, waited: Int) -> ProxyError {
        ProxyError(
            kind: .unavailable, status: 503,
            message: "All \(limit) upstream connections to \(upstream) are busy (waited \(waited) s for one); "
                + "try again shortly, or raise limits.maxUpstreamConnections.",
            code: "upstream_queue_full", retryAfterSeconds: max(1, waited))
    }

    private func admit(_ target: UpstreamPool.Target) async -> UpstreamAdmission.Entry {
        let limit = settings.maxUpstreamConnections
        let gate = client.admission(for: target.baseURL, limit: limit)
        let tracker = tracker
        return await gate.enter(limit: limit, queueTimeout: .seconds(settings.queueSeconds)) { tracker.queued() }
    }

    /// `clientHeaders` are the allow-listed headers the client's dialect passes on (`anthropic-beta`).
    func send(
        body: JSONObject, stream: Bool, operation: UpstreamRoute.Operation = .messages, clientHeaders: [(String, String)] = []
    ) async -> Outcome {
        var last: Outcome?
        for (index, target) in pool.targets.enumerated() {
            switch await send(body: body, stream: stream, operation: operation, clientHeaders: clientHeaders, to: target) {
            case .done(let outcome):
                return outcome
            case .failover(let outcome, let reason):
                last = outcome
                if index + 1 < pool.targets.count {
                    let next = pool.targets[index + 1].upstream.name
                    tracker.metrics?.metrics.failover(from: target.upstream.name, to: next)
                    let message = "failing over from \(target.upstream.name) to \(next): \(reason)"
                    logger.warning("\(message)")
                    hub.publish(.log(level: .warning, message: message))
                }
            }
        }
        return last ?? .failure(ProxyError(kind: .unavailable, status: 502, message: "No upstream is configured."), headers: [])
    }

    private func send(
        body: JSONObject, stream: Bool, operation: UpstreamRoute.Operation, clientHeaders: [(String, String)],
        to target: UpstreamPool.Target
    ) async -> TargetResult {
        let policy = RetryPolicy(settings: settings.retries)
        let bedrock = target.upstream.kind.isBedrock
        // Bedrock's route needs the target's live model table and takes the client's betas into the body.
        let prepared =
            bedrock
            ? BedrockRequest.prepare(operation, target: target, body: body, stream: stream, clientHeaders: clientHeaders)
            : UpstreamRoute.prepare(
                operation, kind: target.upstream.kind, baseURL: target.baseURL, body: body, stream: stream,
                clientHeaders: clientHeaders)
        let url = prepared.url
        let bytes = JSONWriter.bytes(.object(prepared.body))
        let metrics = tracker.metrics?.metrics
        let name = target.upstream.name
        var attempt = 0
        var refreshedAfter401 = false
        var attemptNumber = 0
        var firstByteTimeouts = 0
        while true {
            if Task.isCancelled { return .done(.failure(Self.clientGone, headers: [])) }
            // A place at the upstream first (waiting in line when all are taken), so the attempt
            // below starts when a connection is free; the response holds the slot until its body ends.
            let slot: UpstreamSlot
            switch await admit(target) {
            case .admitted(let admitted): slot = admitted
            case .cancelled: return .done(.failure(Self.clientGone, headers: []))
            case .queueFull(let limit):
                metrics?.upstreamError(upstream: name, type: .queueFull)
                let failure = Self.queueFull(target.upstream.name, limit: limit, waited: settings.queueSeconds)
                return .failover(.failure(failure, headers: []), reason: "all \(limit) connections are busy")
            }
            attemptNumber += 1
            tracker.attempt(attemptNumber, upstream: target.upstream.name)
            var credential = target.fixedCredential
            do {
                if credential == nil { credential = try await target.cache?.credential() }
            } catch {
                slot.release()
                metrics?.upstreamError(upstream: name, type: .credential)
                let message = CredentialError.wrapping(error).message
                let failure = ProxyError(
                    kind: .authentication, status: 502, message: "\(target.upstream.name): \(message)",
                    code: "upstream_credential_failed")
                return .failover(.failure(failure, headers: []), reason: "credential failed: \(message)")
            }
            do {
                let timeout = settings.timeouts.firstByteDeadline(stream: stream)
                // Bedrock's headers are signed per attempt (a fresh date), exactly as sent.
                var response =
                    bedrock
                    ? try await client.postExact(
                        url: url, body: bytes,
                        headers: BedrockRequest.headers(url: url, body: bytes, credential: credential, target: target),
                        firstByteTimeout: timeout)
                    : try await client.post(
                        url: url, body: bytes, headers: (credential?.headers ?? []) + prepared.headers, stream: stream,
                        firstByteTimeout: timeout)
                response.slot = slot
                if (200..<300).contains(response.status) {
                    return .done(.success(response, upstream: target.upstream.name))
                }
                // Reading the error body to its end gives the slot back (also when it fails).
                let errorBody = (try? await response.collect(limit: 1 << 20)) ?? []
                metrics?.upstreamError(upstream: name, type: .of(status: response.status))
                let credentialRejected =
                    response.status == 401
                    || bedrock && response.status == 403
                        && BedrockErrorMapper.isCredentialRejection(BedrockErrorMapper.errorType(headers: response.headers))
                if credentialRejected, let cache = target.cache, let credential, !refreshedAfter401 {
                    // The token may have been revoked or rotated: refresh once and try again.
                    refreshedAfter401 = true
                    await cache.invalidate(rejected: credential)
                    tracker.retrying(attempt: attemptNumber, status: 401, delayMs: 0, reason: "credential rejected; refreshing it")
                    metrics?.retry(upstream: name, cause: "credential_refresh")
                    continue
                }
                let failure = UpstreamFailure(
                    status: response.status, headers: response.headers, body: errorBody, requestID: response.requestID)
                let error =
                    bedrock
                    ? BedrockRequest.error(response, body: errorBody, target: target, model: body["model"]?.stringValue)
                    : UpstreamErrorMapper.map(failure)
                if policy.shouldRetry(failure, attempt: attempt) {
                    let delay = policy.delay(
                        retryAfter: failure.retryAfterSeconds, attempt: attempt, jitter: Double.random(in: 0...1))
                    tracker.retrying(attempt: attemptNumber, status: response.status, delayMs: Int(delay * 1000), reason: error.message)
                    metrics?.retry(upstream: name, cause: String(response.status))
                    attempt += 1
                    try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                    continue
                }
                let outcome = Outcome.failure(error, headers: response.headers)
                let failsOver =
                    response.status >= 500 || response.status == 401 || response.status == 403 && error.code == "credential_not_permitted"
                    || bedrock && (credentialRejected || error.code == "permission_denied")
                return failsOver ? .failover(outcome, reason: "HTTP \(response.status): \(error.message)") : .done(outcome)
            } catch {
                slot.release()
                if Task.isCancelled { return .done(.failure(Self.clientGone, headers: [])) }
                if client.isAborted { return .done(.failure(.shuttingDown, headers: [])) }
                // A silent upstream is tried once more at most: each wait is a whole deadline.
                let timedOut = AnthropicClient.isFirstByteTimeout(error)
                if timedOut { firstByteTimeouts += 1 }
                metrics?.upstreamError(upstream: name, type: timedOut ? .timeout : .connection)
                if firstByteTimeouts < 2, policy.shouldRetry(status: nil, headers: [], body: [], attempt: attempt) {
                    let delay = policy.delay(headers: [], attempt: attempt, jitter: Double.random(in: 0...1))
                    tracker.retrying(attempt: attemptNumber, status: nil, delayMs: Int(delay * 1000), reason: "\(error)")
                    metrics?.retry(upstream: name, cause: timedOut ? "timeout" : "connection")
                    attempt += 1
                    try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                    continue
                }
                let deadline = settings.timeouts.firstByteDeadline(stream: stream)
                let failure = timedOut
                    ? ProxyError(
                        kind: .timeout, status: 504,
                        message: "The upstream \(target.upstream.name) did not answer within \(deadline) s "
                            + "(timeouts.\(stream ? "firstByteSeconds" : "nonStreamingSeconds")).",
                        code: "upstream_timeout")
                    : ProxyError(
                        kind: .unavailable, status: 502,
                        message: "Could not reach the upstream \(target.upstream.name) at \(target.baseURL): \(error)",
                        code: "upstream_unreachable")
                return .failover(.failure(failure, headers: []), reason: "unreachable: \(error)")
            }
        }
    }
}
