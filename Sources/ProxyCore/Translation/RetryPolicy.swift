/// Decides whether and when to retry an upstream attempt, as the official SDK does: retry
/// connection failures, 408, 409, 429, 5xx and 529; obey `x-should-retry`; honour
/// `retry-after-ms`/`retry-after` when between 0 and 60 s; otherwise exponential backoff with jitter.
public struct RetryPolicy: Sendable {
    public var settings: RetrySettings

    public init(settings: RetrySettings) {
        self.settings = settings
    }

    /// `attempt` counts retries already made (0 before the first retry).
    public func shouldRetry(status: Int?, headers: [(String, String)], body: [UInt8], attempt: Int) -> Bool {
        guard attempt < settings.maxRetries else { return false }
        guard let status else { return true }  // connection failure
        if let header = Self.header("x-should-retry", in: headers) {
            if header == "false" { return false }
            if header == "true" { return true }
        }
        if status == 429, Self.isSpendLimit(body) { return false }
        return status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// Seconds to wait before retry number `attempt + 1`; `jitter` in 0...1 comes from the caller.
    public func delay(headers: [(String, String)], attempt: Int, jitter: Double) -> Double {
        if let server = Self.serverDelay(headers), server > 0, server <= 60 { return server }
        let base = Double(settings.initialBackoffMs) / 1000 * pow2(attempt)
        let capped = min(base, Double(settings.maxBackoffMs) / 1000)
        return capped * (1 - 0.25 * jitter)
    }

    private func pow2(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, min(exponent, 30)) { value *= 2 }
        return value
    }

    static func serverDelay(_ headers: [(String, String)]) -> Double? {
        if let ms = header("retry-after-ms", in: headers), let value = Double(ms) { return value / 1000 }
        if let seconds = header("retry-after", in: headers), let value = Double(seconds) { return value }
        return nil
    }

    public static func header(_ name: String, in headers: [(String, String)]) -> String? {
        headers.first { $0.0.lowercased() == name }?.1
    }

    static func isSpendLimit(_ body: [UInt8]) -> Bool {
        (try? JSONParser.parse(body))?["error"]?["details"]?["error_code"]?.stringValue == "enforced_spend_limit_reached"
    }
}

/// Maps Anthropic's `anthropic-ratelimit-*` response headers onto OpenAI's `x-ratelimit-*` names.
public enum RateLimitHeaders {
    public static func openAI(from headers: [(String, String)], now: Int) -> [(String, String)] {
        var result: [(String, String)] = []
        for (name, value) in headers {
            let lowered = name.lowercased()
            guard lowered.hasPrefix("anthropic-ratelimit-") else { continue }
            let rest = lowered.dropFirst("anthropic-ratelimit-".count)
            // requests-limit → limit-requests, tokens-remaining → remaining-tokens, …
            for kind in ["requests", "tokens", "input-tokens", "output-tokens"] where rest.hasPrefix(kind + "-") {
                let field = rest.dropFirst(kind.count + 1)
                guard ["limit", "remaining", "reset"].contains(String(field)) else { continue }
                var mapped = value
                if field == "reset", let reset = RFC3339.unixSeconds(value) {
                    mapped = "\(max(0, reset - now))s"
                }
                result.append(("x-ratelimit-\(field)-\(kind)", mapped))
            }
        }
        return result
    }
}
