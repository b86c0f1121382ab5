import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct TokenRefreshPolicyTests {
    let policy = TokenRefreshPolicy.sdkDefault
    let now = 1_000_000.0

    @Test(arguments: [
        (nil as Double?, TokenRefreshPolicy.Action.serveCached),
        (500, .serveCached),
        (121, .serveCached),
        (120, .serveCachedAndRefreshInBackground),
        (31, .serveCachedAndRefreshInBackground),
        (30, .startRefreshAndWait),
        (0, .startRefreshAndWait),
        (-50, .startRefreshAndWait),
    ])
    func cachedTokenIsServedOrRefreshedByTimeLeft(left: Double?, expected: TokenRefreshPolicy.Action) {
        let situation = TokenRefreshPolicy.Situation(hasCached: true, expiresAt: left.map { now + $0 }, now: now)
        #expect(policy.action(for: situation) == expected)
    }

    @Test func nothingCachedStartsARefreshOrJoinsTheRunningOne() {
        #expect(policy.action(for: .init(hasCached: false, expiresAt: nil, now: now)) == .startRefreshAndWait)
        #expect(
            policy.action(for: .init(hasCached: false, expiresAt: nil, now: now, refreshInFlight: true))
                == .waitForRefresh)
    }

    @Test func advisoryWindowNeverWaitsOrStartsASecondRefresh() {
        let situation = TokenRefreshPolicy.Situation(
            hasCached: true, expiresAt: now + 60, now: now, refreshInFlight: true)
        #expect(policy.action(for: situation) == .serveCached)
    }

    @Test func advisoryWindowBacksOffAfterAFailure() {
        var situation = TokenRefreshPolicy.Situation(
            hasCached: true, expiresAt: now + 60, now: now, advisoryBackoffUntil: now + 5)
        #expect(policy.action(for: situation) == .serveCached)
        situation.now = now + 5
        situation.expiresAt = now + 60
        #expect(policy.action(for: situation) == .serveCachedAndRefreshInBackground)
    }

    @Test func mandatoryWindowJoinsTheRunningRefresh() {
        let situation = TokenRefreshPolicy.Situation(
            hasCached: true, expiresAt: now + 10, now: now, refreshInFlight: true)
        #expect(policy.action(for: situation) == .waitForRefresh)
    }

    @Test func invalidatedTokenIsNeverServedEvenWithoutExpiry() {
        let situation = TokenRefreshPolicy.Situation(hasCached: true, expiresAt: nil, now: now, forced: true)
        #expect(policy.action(for: situation) == .startRefreshAndWait)
    }

    @Test func stateFollowsTimeLeft() {
        #expect(policy.state(expiresAt: nil, now: now) == .valid)
        #expect(policy.state(expiresAt: now + 121, now: now) == .valid)
        #expect(policy.state(expiresAt: now + 120, now: now) == .expiring)
        #expect(policy.state(expiresAt: now, now: now) == .expired)
        #expect(policy.nextRefreshAt(expiresAt: now + 3600) == now + 3480)
    }
}
