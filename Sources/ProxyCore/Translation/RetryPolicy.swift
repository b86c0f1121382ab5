/// Decides whether and when to retry an upstream attempt, as the official SDK does: retry
/// connection failures, 408, 409, 429, 5xx and 529; obey `x-should-retry`; honour
/// `retry-after-ms`/`retry-after` when between 0 and 60 s; otherwise exponential backoff with jitter.
public struct RetryPolicy: Sendable {
    public var settings: RetrySettings

    public init(settings: RetrySettings) {
        self.settings = settings
    }

    /// Whether to try again after `failure`; `attempt` counts retries already made (0 before the first retry).
    public func shouldRetry(_ failure: UpstreamFailure, attempt: Int) -> Bool {
        guard attempt < settings.maxRetries else { return false }
        if let flag = failure.shouldRetryHeader { return flag }
        let status = failure.status
        if status == 429, failure.isSpendLimit { return false }
        return status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// The same decision from raw parts; a nil `status` is a connection failure.
    public func shouldRetry(status: Int?, headers: [(String, String)], body: [UInt8], attempt: Int) -> Bool {
        guard let status else { return attempt < settings.maxRetries }
        return shouldRetry(UpstreamFailure(status: status, headers: headers, body: body), attempt: attempt)
    }

    /// Seconds to wait before retry number `attempt + 1`: the upstream's `retryAfter` when it is
    /// between 0 and 60 s, else backoff; `jitter` in 0...1 comes from the caller.
    public func delay(retryAfter: Double?, attempt: Int, jitter: Double) -> Double {
        if let server = retryAfter, server > 0, server <= 60 { return server }
        let base = Double(settings.initialBackoffMs) / 1000 * pow2(attempt)
        let capped = min(base, Double(settings.maxBackoffMs) / 1000)
        return capped * (1 - 0.25 * jitter)
    }

    private func pow2(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, min(exponent, 30)) { value *= 2 }
        return value
    }

    /// The same delay with the wait read from `headers`.
    public func delay(headers: [(String, String)], attempt: Int, jitter: Double) -> Double {
        delay(retryAfter: UpstreamFailure.serverDelay(headers), attempt: attempt, jitter: jitter)
    }

    public static func header(_ name: String, in headers: [(String, String)]) -> String? {
        headers.first { $0.0.lowercased() == name }?.1
    }
}

/// Maps Anthropic's `anthropic-ratelimit-*` response headers onto OpenAI's `x-ratelimit-*` names.
public enum RateLimitHeaders {
    /// `anthropic-ratelimit-requests-limit` → `x-ratelimit-limit-requests`, and so on.
    static let names: [(anthropic: String, openAI: String, isReset: Bool)] = {
        var names: [(String, String, Bool)] = []
        for kind in ["requests", "tokens", "input-tokens", "output-tokens"] {
            for field in ["limit", "remaining", "reset"] {
                names.append(("anthropic-ratelimit-\(kind)-\(field)", "x-ratelimit-\(field)-\(kind)", field == "reset"))
            }
        }
        return names
    }()

    public static func openAI(from headers: [(String, String)], now: Int) -> [(String, String)] {
        var result: [(String, String)] = []
        forEachOpenAI(from: headers, now: now) { result.append(($0, $1)) }
        return result
    }

    /// Calls `body` with each mapped header; resets become seconds from now (`30s`).
    public static func forEachOpenAI(from headers: [(String, String)], now: Int, _ body: (String, String) -> Void) {
        for (name, value) in headers where name.utf8.count > 24 && name.utf8.first.map({ $0 | 0x20 == UInt8(ascii: "a") }) == true {
            let lowered = name.lowercased()
            guard lowered.hasPrefix("anthropic-ratelimit-"), let entry = names.first(where: { $0.anthropic == lowered }) else {
                continue
            }
            if entry.isReset, let reset = RFC3339.unixSeconds(value) {
                body(entry.openAI, "\(max(0, reset - now))s")
            } else {
                body(entry.openAI, value)
            }
        }
    }
}
