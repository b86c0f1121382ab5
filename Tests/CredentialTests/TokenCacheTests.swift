import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct TokenCacheTests {
    let clock = ManualClock()

    @Test func firstCallFetchesAndLaterCallsAreServedFromCache() async throws {
        let provider = ScriptedProvider(clock: clock)
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function)
        let first = try await cache.credential()
        clock.advance(3000)
        let second = try await cache.credential()
        #expect(first == second)
        #expect(first.header("authorization") == "Bearer \(ScriptedProvider.secret(1))")
        #expect(provider.calls == 1)
    }

    @Test func neverExpiringCredentialIsNeverRefreshed() async throws {
        let provider = ScriptedProvider(clock: clock, lifetime: nil)
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function)
        _ = try await cache.credential()
        clock.advance(10 * 365 * 86400)
        _ = try await cache.credential()
        #expect(provider.calls == 1)
        let result = await cache.refreshNow()
        #expect(result.ok)
        #expect(result.message.contains("nothing to refresh"))
        #expect(provider.calls == 1)
    }

    @Test func hundredConcurrentCallersAsTheTokenExpiresCauseExactlyOneRefresh() async throws {
        let provider = ScriptedProvider(clock: clock)
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function)
        _ = try await cache.credential()
        clock.advance(3600 - 10)  // mandatory window
        provider.update { $0.delay = .milliseconds(100) }
        let results = try await withThrowingTaskGroup(of: IssuedCredential.self) { group in
            for _ in 0..<100 { group.addTask { try await cache.credential() } }
            return try await group.reduce(into: [IssuedCredential]()) { $0.append($1) }
        }
        #expect(provider.calls == 2)
        #expect(results.count == 100)
        #expect(results.allSatisfy { $0.secret == ScriptedProvider.secret(2) })
    }

    @Test func advisoryWindowServesTheOldTokenWhileOneBackgroundRefreshRuns() async throws {
        let provider = ScriptedProvider(clock: clock)
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function)
        let old = try await cache.credential()
        clock.advance(3600 - 60)
        provider.hold()
        for _ in 0..<20 {
            let served = try await cache.credential()
            #expect(served == old)
        }
        #expect(await cache.status.state == .refreshing)
        provider.release()
        await cache.awaitPendingRefresh()
        #expect(provider.calls == 2)
        let fresh = try await cache.credential()
        #expect(fresh.secret == ScriptedProvider.secret(2))
        #expect(provider.calls == 2)
    }

    @Test func failedAdvisoryRefreshServesStaleBacksOffAndPublishesWhy() async throws {
        let provider = ScriptedProvider(clock: clock)
        let log = StatusLog()
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function, onStatus: log.sink)
        let old = try await cache.credential()
        clock.advance(3600 - 60)
        provider.update { $0.failure = "the token endpoint said no" }
        #expect(try await cache.credential() == old)
        await cache.awaitPendingRefresh()
        #expect(provider.calls == 2)
        #expect(log.last?.message?.contains("the token endpoint said no") == true)
        #expect(log.last?.lastRefreshResult == "failed")
        #expect(log.last?.state == .expiring)
        clock.advance(2)
        #expect(try await cache.credential() == old)
        #expect(provider.calls == 2, "within 5 s of a failed advisory refresh nothing is retried")
        clock.advance(4)
        #expect(try await cache.credential() == old)
        await cache.awaitPendingRefresh()
        #expect(provider.calls == 3)
    }

    @Test func failingMandatoryRefreshThrowsTheSameClearErrorToEveryWaiter() async throws {
        let provider = ScriptedProvider(clock: clock)
        let log = StatusLog()
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function, onStatus: log.sink)
        _ = try await cache.credential()
        clock.advance(3600 + 5)
        provider.update {
            $0.failure = "refreshing the Console login failed: invalid_grant. Log in again with `ant auth login`."
            $0.delay = .milliseconds(100)
        }
        let messages = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<20 {
                group.addTask { await errorText { _ = try await cache.credential() } }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(provider.calls == 2)
        #expect(messages.count == 20)
        #expect(messages.allSatisfy { $0?.contains("Log in again with `ant auth login`") == true })
        #expect(log.last?.state == .failed)
        expectNoSecrets(log.text + messages.compactMap { $0 }.joined(), [ScriptedProvider.secret(1)])
    }

    @Test func invalidateMakesTheNextCallRefreshWithForce() async throws {
        let provider = ScriptedProvider(clock: clock)
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function)
        let first = try await cache.credential()
        await cache.invalidate()
        #expect(await cache.status.state == .rejected)
        let second = try await cache.credential()
        #expect(second != first)
        #expect(provider.forcedCalls == 1)
        _ = try await cache.credential()
        #expect(provider.calls == 2)
    }

    @Test func staleRejectionsOfAnAlreadyReplacedTokenDoNotRefreshAgain() async throws {
        let provider = ScriptedProvider(clock: clock)
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function)
        let first = try await cache.credential()
        await cache.invalidate(rejected: first)
        _ = try await cache.credential()
        for _ in 0..<10 { await cache.invalidate(rejected: first) }
        _ = try await cache.credential()
        #expect(provider.calls == 2)
    }

    @Test func refreshNowForcesOneRefreshAndReportsTheNewExpiry() async throws {
        let provider = ScriptedProvider(clock: clock)
        let cache = TokenCache(provider: provider, upstream: "work", clock: clock.function)
        _ = try await cache.credential()
        let result = await cache.refreshNow()
        #expect(result.ok)
        #expect(result.message == "work: console_oauth refreshed; valid for 1 h 0 min")
        #expect(provider.forcedCalls == 1)
        provider.update { $0.failure = "token endpoint unreachable" }
        let failed = await cache.refreshNow()
        #expect(!failed.ok)
        #expect(failed.message.contains("token endpoint unreachable"))
    }

    @Test func statusIsPublishedOnEveryChangeAndNeverCarriesTheSecret() async throws {
        let provider = ScriptedProvider(clock: clock)
        let log = StatusLog()
        let cache = TokenCache(provider: provider, upstream: "anthropic", clock: clock.function, onStatus: log.sink)
        _ = try await cache.credential()
        _ = try await cache.credential()
        clock.advance(3600 - 100)
        await cache.publishStatus()
        #expect(log.all.map(\.state) == [.refreshing, .valid, .expiring])
        let valid = log.all[1]
        #expect(valid.expiresAt == clock.now + 100)
        #expect(valid.nextRefreshAt == clock.now - 20)
        #expect(valid.lastRefreshResult == "ok")
        #expect(valid.kind == "console_oauth")
        #expect(valid.redactedID == provider.redactedID)
        let description = String(describing: try await cache.credential())
        expectNoSecrets(log.text + description, [ScriptedProvider.secret(1), ScriptedProvider.secret(2)])
    }
}
