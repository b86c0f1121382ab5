import Foundation
import ProxyCore

/// Caches one upstream's credential and refreshes it the way the official SDK does
/// (``TokenRefreshPolicy``): ahead of expiry in the background, single-flight when it must,
/// and forced after the upstream rejected it.
///
/// However many requests arrive while a refresh runs, the provider is called once; callers
/// in the mandatory window wait for that call and all see its result or its error. Every
/// change of state is published through `onStatus` for the dashboard and `/admin/events`.
///
/// ```swift
/// let cache = TokenCache(provider: provider, upstream: "anthropic") { hub.publish(.credential($0)) }
/// let credential = try await cache.credential()
/// // … upstream answered 401:
/// await cache.invalidate(rejected: credential)
/// ```
public actor TokenCache {
    private struct Refresh {
        let id: Int
        let forced: Bool
        let task: Task<IssuedCredential, any Error>
    }

    private let provider: any CredentialProvider
    private let upstream: String
    private let clock: @Sendable () -> Double
    private let policy: TokenRefreshPolicy
    private let onStatus: @Sendable (CredentialStatus) -> Void

    private var cached: IssuedCredential?
    private var inFlight: Refresh?
    private var refreshCount = 0
    private var forceNext = false
    private var advisoryBackoffUntil: Double?
    private var lastRefreshAt: Double?
    private var lastRefreshMs: Int?
    private var lastRefreshResult: String?
    private var lastFailure: String?
    private var lastWarning: String?
    private var lastPublished: CredentialStatus?

    public init(
        provider: any CredentialProvider, upstream: String,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        policy: TokenRefreshPolicy = .sdkDefault,
        onStatus: @escaping @Sendable (CredentialStatus) -> Void = { _ in }
    ) {
        self.provider = provider
        self.upstream = upstream
        self.clock = clock
        self.policy = policy
        self.onStatus = onStatus
    }

    /// A credential to send now, refreshed first when the policy says so. Throws
    /// ``CredentialError`` when a needed refresh fails.
    public func credential() async throws -> IssuedCredential {
        while true {
            let situation = TokenRefreshPolicy.Situation(
                hasCached: cached != nil, expiresAt: cached?.expiresAt, now: clock(), forced: forceNext,
                refreshInFlight: inFlight != nil, advisoryBackoffUntil: advisoryBackoffUntil)
            switch policy.action(for: situation) {
            case .serveCached:
                publishIfChanged()
                if let cached { return cached }
            case .serveCachedAndRefreshInBackground:
                if let cached {
                    startRefresh(forced: false, advisory: true)
                    return cached
                }
            case .waitForRefresh:
                guard let refresh = inFlight else { continue }
                if forceNext && !refresh.forced {
                    // Started before the token was rejected: it may bring back the same token.
                    _ = try? await refresh.task.value
                    continue
                }
                return try await refresh.task.value
            case .startRefreshAndWait:
                return try await startRefresh(forced: forceNext, advisory: false).task.value
            }
        }
    }

    /// Makes the next `credential()` call refresh with `forceRefresh: true` (after an upstream 401).
    public func invalidate() {
        forceNext = true
        publishIfChanged()
    }

    /// Like `invalidate()`, but only when `rejected` is still the cached credential, so a burst
    /// of 401s for the same old token causes one refresh, not one per request.
    public func invalidate(rejected: IssuedCredential) {
        guard cached == nil || cached?.secret == rejected.secret else { return }
        invalidate()
    }

    /// Refreshes now (the dashboard's `f`, `POST /admin/refresh`). Never-expiring credentials
    /// have nothing to refresh.
    public func refreshNow() async -> CommandResult {
        if let cached, cached.expiresAt == nil, !forceNext {
            return CommandResult(ok: true, message: "\(upstream): \(provider.kind) does not expire; nothing to refresh")
        }
        do {
            let fresh = try await forcedRefresh()
            guard let expiresAt = fresh.expiresAt else {
                return CommandResult(
                    ok: true, message: "\(upstream): \(provider.kind) does not expire; nothing to refresh")
            }
            let left = Self.duration(expiresAt - clock())
            return CommandResult(ok: true, message: "\(upstream): \(provider.kind) refreshed; valid for \(left)")
        } catch {
            let message = CredentialError.wrapping(error).message
            return CommandResult(ok: false, message: "\(upstream): \(provider.kind) refresh failed: \(message)")
        }
    }

    /// What the dashboard shows for this credential now.
    public var status: CredentialStatus { makeStatus(now: clock()) }

    /// Publishes the status if it changed since it was last published — e.g. from a timer, so
    /// that `valid` turns into `expiring` on screen while no request comes in.
    public func publishStatus() {
        publishIfChanged()
    }

    /// Waits for a refresh that is running (a background one included), ignoring its outcome.
    public func awaitPendingRefresh() async {
        while let refresh = inFlight {
            _ = try? await refresh.task.value
            if inFlight?.id == refresh.id { return }
        }
    }

    private func forcedRefresh() async throws -> IssuedCredential {
        while let refresh = inFlight {
            if refresh.forced { return try await refresh.task.value }
            _ = try? await refresh.task.value
        }
        return try await startRefresh(forced: true, advisory: false).task.value
    }

    @discardableResult
    private func startRefresh(forced: Bool, advisory: Bool) -> Refresh {
        refreshCount += 1
        let id = refreshCount
        let provider = provider
        let started = ContinuousClock.now
        // Runs on this actor except for the provider call, so the result is recorded exactly
        // once, before any waiter resumes.
        let task = Task<IssuedCredential, any Error> {
            let result: Result<IssuedCredential, any Error>
            do {
                result = .success(try await provider.fetch(forceRefresh: forced))
            } catch {
                result = .failure(error)
            }
            return try self.finish(id: id, forced: forced, advisory: advisory, started: started, result: result)
        }
        let refresh = Refresh(id: id, forced: forced, task: task)
        inFlight = refresh
        publishIfChanged()
        return refresh
    }

    private func finish(
        id: Int, forced: Bool, advisory: Bool, started: ContinuousClock.Instant,
        result: Result<IssuedCredential, any Error>
    ) throws -> IssuedCredential {
        if inFlight?.id == id { inFlight = nil }
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        let now = clock()
        switch result {
        case .success(let fresh):
            let changed = fresh.secret != cached?.secret || fresh.expiresAt != cached?.expiresAt
            // An unforced refresh that overlapped an invalidate() may carry the rejected token:
            // its caller may use it once, but it is not cached.
            if forced || !forceNext { cached = fresh }
            if forced { forceNext = false }
            lastFailure = nil
            lastWarning = fresh.warning
            if changed || forced {
                lastRefreshAt = now
                lastRefreshMs = milliseconds
                lastRefreshResult = "ok"
                advisoryBackoffUntil = nil
            } else if advisory {
                // Nothing new yet (a file rotated by someone else): don't re-ask at request rate.
                advisoryBackoffUntil = now + policy.advisoryBackoffSeconds
            }
            publishIfChanged()
            return fresh
        case .failure(let error):
            let failure = CredentialError.wrapping(error, secrets: cached.map { [$0.secret] } ?? [])
            lastRefreshAt = now
            lastRefreshMs = milliseconds
            lastRefreshResult = "failed"
            lastFailure = failure.message
            if advisory { advisoryBackoffUntil = now + policy.advisoryBackoffSeconds }
            publishIfChanged()
            throw failure
        }
    }

    private func publishIfChanged() {
        let current = makeStatus(now: clock())
        guard current != lastPublished else { return }
        lastPublished = current
        onStatus(current)
    }

    private func makeStatus(now: Double) -> CredentialStatus {
        let expiresAt = cached?.expiresAt
        let state: CredentialStatus.State
        var message: String?
        if inFlight != nil {
            state = .refreshing
            message = lastFailure
        } else if cached == nil {
            state = lastFailure == nil ? .none : .failed
            message = lastFailure ?? "not fetched yet; from \(provider.source)"
        } else if forceNext {
            state = .rejected
            message = "rejected by the upstream; refreshed on the next request"
        } else {
            let byClock = policy.state(expiresAt: expiresAt, now: now)
            let mustRefresh = expiresAt.map { $0 - now <= policy.mandatorySeconds } ?? false
            if let lastFailure {
                state = mustRefresh ? .failed : byClock
                message = mustRefresh ? lastFailure : "refresh failed (still using the current token): \(lastFailure)"
            } else {
                state = byClock
                message = lastWarning ?? "from \(provider.source)\(expiresAt == nil ? "; does not expire" : "")"
            }
        }
        return CredentialStatus(
            upstream: upstream, kind: provider.kind, redactedID: provider.redactedID, expiresAt: expiresAt,
            lastRefreshAt: lastRefreshAt, lastRefreshMs: lastRefreshMs, lastRefreshResult: lastRefreshResult,
            nextRefreshAt: policy.nextRefreshAt(expiresAt: expiresAt), state: state, message: message)
    }

    private static func duration(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds))
        if whole >= 3600 { return "\(whole / 3600) h \(whole % 3600 / 60) min" }
        if whole >= 60 { return "\(whole / 60) min" }
        return "\(whole) s"
    }
}
