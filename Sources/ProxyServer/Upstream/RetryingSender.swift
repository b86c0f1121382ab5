import Logging
import ProxyCore

/// Sends one upstream request with retries: connection failures, 408/409/429/5xx/529 are retried
/// with backoff and jitter, honouring `retry-after(-ms)`, until the budget is spent. Only called
/// before anything has been sent to the client, so a retry is invisible to it.
struct RetryingSender: Sendable {
    let client: AnthropicClient
    let settings: ProxySettings
    let logger: Logger
    let tracker: RequestTracker

    enum Outcome: Sendable {
        /// A 2xx response whose body is ready to be read.
        case success(UpstreamResponse, attempts: Int)
        /// The final error, already mapped for the client.
        case failure(ProxyError, headers: [(String, String)], attempts: Int)
    }

    func send(path: String, body: [UInt8], stream: Bool) async -> Outcome {
        let policy = RetryPolicy(settings: settings.retries)
        var attempt = 0
        while true {
            if Task.isCancelled {
                return .failure(
                    ProxyError(kind: .upstream, status: 499, message: "The client went away.", code: "client_closed"),
                    headers: [], attempts: attempt + 1)
            }
            tracker.attempt(attempt + 1, upstream: settings.upstream.name)
            do {
                let response = try await client.post(
                    path: path, body: body, upstream: settings.upstream, stream: stream,
                    firstByteTimeout: settings.timeouts.firstByteSeconds)
                if (200..<300).contains(response.status) {
                    return .success(response, attempts: attempt + 1)
                }
                let errorBody = (try? await response.collect(limit: 1 << 20)) ?? []
                if policy.shouldRetry(status: response.status, headers: response.headers, body: errorBody, attempt: attempt) {
                    let delay = policy.delay(headers: response.headers, attempt: attempt, jitter: Double.random(in: 0...1))
                    logger.info(
                        "upstream answered \(response.status); retrying",
                        metadata: ["attempt": "\(attempt + 1)", "delay_ms": "\(Int(delay * 1000))"])
                    tracker.retrying(
                        attempt: attempt + 1, status: response.status, delayMs: Int(delay * 1000),
                        reason: UpstreamErrorMapper.map(status: response.status, body: errorBody).message)
                    attempt += 1
                    try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                    continue
                }
                let retryAfter = RetryPolicy.header("retry-after", in: response.headers).flatMap { Double($0) }
                let error = UpstreamErrorMapper.map(
                    status: response.status, body: errorBody, requestID: response.requestID,
                    retryAfterSeconds: retryAfter.map { Int($0.rounded(.up)) })
                return .failure(error, headers: response.headers, attempts: attempt + 1)
            } catch {
                if Task.isCancelled {
                    return .failure(
                        ProxyError(kind: .upstream, status: 499, message: "The client went away.", code: "client_closed"),
                        headers: [], attempts: attempt + 1)
                }
                if policy.shouldRetry(status: nil, headers: [], body: [], attempt: attempt) {
                    let delay = policy.delay(headers: [], attempt: attempt, jitter: Double.random(in: 0...1))
                    logger.info(
                        "upstream connection failed; retrying",
                        metadata: ["error": "\(error)", "attempt": "\(attempt + 1)"])
                    tracker.retrying(attempt: attempt + 1, status: nil, delayMs: Int(delay * 1000), reason: "\(error)")
                    attempt += 1
                    try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                    continue
                }
                return .failure(
                    ProxyError(
                        kind: .unavailable, status: 502,
                        message: "Could not reach the upstream at \(settings.upstream.baseURL): \(error)",
                        code: "upstream_unreachable"),
                    headers: [], attempts: attempt + 1)
            }
        }
    }
}
