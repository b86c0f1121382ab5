import Foundation
import ProxyCore
import Synchronization

@testable import ProxyServer

/// A provider whose answers the test scripts: token `n` is `Bearer tok-secret-n`, valid for
/// `lifetime` seconds from the test clock; it can be slowed down, held on a gate, or made to fail.
final class ScriptedProvider: CredentialProvider {
    struct Script {
        var calls = 0
        var forcedCalls = 0
        var lifetime: Double? = 3600
        var failure: String?
        var delay: Duration = .zero
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let kind = "console_oauth"
    let redactedID = "profile 'test' (org …1234)"
    let source = "profile 'test' in /tmp/test"
    private let clock: ManualClock
    private let script: Mutex<Script>

    init(clock: ManualClock, lifetime: Double? = 3600) {
        self.clock = clock
        var script = Script()
        script.lifetime = lifetime
        self.script = Mutex(script)
    }

    var calls: Int { script.withLock { $0.calls } }
    var forcedCalls: Int { script.withLock { $0.forcedCalls } }
    func update(_ change: (inout Script) -> Void) { script.withLock { change(&$0) } }

    /// Holds every fetch until `release()`.
    func hold() { update { $0.held = true } }
    func release() {
        let waiters = script.withLock {
            $0.held = false
            let waiters = $0.waiters
            $0.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    static func secret(_ number: Int) -> String { "tok-secret-\(number)-abcdefgh" }

    func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let (number, delay, held) = script.withLock {
            $0.calls += 1
            if forceRefresh { $0.forcedCalls += 1 }
            return ($0.calls, $0.delay, $0.held)
        }
        if held {
            await withCheckedContinuation { continuation in
                let stillHeld = script.withLock {
                    if $0.held { $0.waiters.append(continuation) }
                    return $0.held
                }
                if !stillHeld { continuation.resume() }
            }
        }
        if delay != .zero { try? await Task.sleep(for: delay) }
        let (failure, lifetime) = script.withLock { ($0.failure, $0.lifetime) }
        if let failure { throw CredentialError(failure) }
        let secret = Self.secret(number)
        return IssuedCredential(
            headers: [("authorization", "Bearer \(secret)")], expiresAt: lifetime.map { clock.now + $0 }, secret: secret
        )
    }
}
