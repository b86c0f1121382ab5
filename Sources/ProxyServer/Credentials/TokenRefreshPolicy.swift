import ProxyCore

/// When a cached token is served, refreshed in the background, or refreshed while callers wait:
/// the official Anthropic SDK's two-tier policy (upstreams.md §1.10,
/// `anthropic-sdk-python:src/anthropic/lib/credentials/_cache.py`), as pure functions so the
/// decisions can be tested without a clock or a network.
///
/// * no expiry → never refresh; more than `advisorySeconds` left → serve the cached token;
/// * advisory window (`mandatorySeconds` < left ≤ `advisorySeconds`) → serve the cached token
///   and let one refresh run in the background, unless one is running or one failed less than
///   `advisoryBackoffSeconds` ago;
/// * mandatory window (left ≤ `mandatorySeconds`, or expired) → one refresh, everyone waits for it.
public struct TokenRefreshPolicy: Sendable, Equatable {
    public var advisorySeconds: Double
    public var mandatorySeconds: Double
    public var advisoryBackoffSeconds: Double

    public init(advisorySeconds: Double = 120, mandatorySeconds: Double = 30, advisoryBackoffSeconds: Double = 5) {
        self.advisorySeconds = advisorySeconds
        self.mandatorySeconds = mandatorySeconds
        self.advisoryBackoffSeconds = advisoryBackoffSeconds
    }

    /// The SDK's values: 120 s advisory, 30 s mandatory, 5 s back-off after an advisory failure.
    public static let sdkDefault = TokenRefreshPolicy()

    /// What a caller asking for the credential does next.
    public enum Action: Sendable, Equatable {
        case serveCached
        case serveCachedAndRefreshInBackground
        case waitForRefresh
        case startRefreshAndWait
    }

    /// What the cache knows when a caller asks.
    public struct Situation: Sendable, Equatable {
        public var hasCached: Bool
        public var expiresAt: Double?
        public var now: Double
        /// `invalidate()` was called and no forced refresh has succeeded since.
        public var forced: Bool
        public var refreshInFlight: Bool
        /// Until when advisory refreshes are skipped (after one failed or changed nothing).
        public var advisoryBackoffUntil: Double?

        public init(
            hasCached: Bool, expiresAt: Double?, now: Double, forced: Bool = false, refreshInFlight: Bool = false,
            advisoryBackoffUntil: Double? = nil
        ) {
            self.hasCached = hasCached
            self.expiresAt = expiresAt
            self.now = now
            self.forced = forced
            self.refreshInFlight = refreshInFlight
            self.advisoryBackoffUntil = advisoryBackoffUntil
        }
    }

    public func action(for situation: Situation) -> Action {
        let join: Action = situation.refreshInFlight ? .waitForRefresh : .startRefreshAndWait
        guard situation.hasCached, !situation.forced else { return join }
        guard let expiresAt = situation.expiresAt else { return .serveCached }
        let remaining = expiresAt - situation.now
        if remaining > advisorySeconds { return .serveCached }
        if remaining > mandatorySeconds {
            if situation.refreshInFlight { return .serveCached }
            if let until = situation.advisoryBackoffUntil, situation.now < until { return .serveCached }
            return .serveCachedAndRefreshInBackground
        }
        return join
    }

    /// The dashboard state of a credential expiring at `expiresAt`, seen at `now`.
    public func state(expiresAt: Double?, now: Double) -> CredentialStatus.State {
        guard let expiresAt else { return .valid }
        let remaining = expiresAt - now
        if remaining <= 0 { return .expired }
        if remaining <= advisorySeconds { return .expiring }
        return .valid
    }

    /// When the background refresh of a credential expiring at `expiresAt` becomes due.
    public func nextRefreshAt(expiresAt: Double?) -> Double? {
        expiresAt.map { $0 - advisorySeconds }
    }
}
