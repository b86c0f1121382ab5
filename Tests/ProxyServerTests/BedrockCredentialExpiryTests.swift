import FakeUpstream
import Foundation
import ProxyCore
import Synchronization
import Testing

@testable import ProxyServer

/// Thirty Bedrock requests arriving as the AWS credential expires share one refresh, and every
/// one of them is signed with the new keys and accepted by the fake's signature check.
@Suite struct BedrockCredentialExpiryTests {
    /// Temporary AWS keys valid for an hour from the test clock; each fetch is a new session.
    final class ExpiringAWSProvider: CredentialProvider {
        let kind = "aws"
        let redactedID = "AKID…MPLE"
        let source = "test"
        let now: @Sendable () -> Double
        let fetches = Mutex(0)

        init(now: @escaping @Sendable () -> Double) { self.now = now }

        func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
            let number = fetches.withLock {
                $0 += 1
                return $0
            }
            try await Task.sleep(for: .milliseconds(50))  // a slow STS: the requests pile up behind it
            let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
            return IssuedCredential(
                headers: [], expiresAt: now() + 3600, secret: secret,
                aws: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: "session-\(number)"))
        }
    }

    final class TestClock: Sendable {
        let time = Mutex(Date().timeIntervalSince1970)
    }

    @Test func aSignatureFromASkewedClockIsRefusedAndTheClockBlamed() async throws {
        let fake = FakeAnthropic()
        let (ports, ready) = AsyncStream<Int>.makeStream()
        let server = Task { try await fake.run { ready.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let url = "http://127.0.0.1:\(port)/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke"
        let body = Array(#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#.utf8)
        let keys = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let client = AnthropicClient(timeouts: TimeoutSettings())
        var statuses: [Int] = []
        var skewed: ProxyError?
        for offset in [0.0, -600] {
            let headers = SigV4Signer(credentials: keys, region: "us-east-1").sign(
                method: "POST", url: url, headers: [("accept", "application/json"), ("content-type", "application/json")],
                body: body, date: Date().addingTimeInterval(offset))
            let response = try await client.postExact(url: url, body: body, headers: headers, firstByteTimeout: 10)
            let answer = try await response.collect(limit: 1 << 20)
            statuses.append(response.status)
            if response.status != 200 {
                skewed = BedrockErrorMapper.map(
                    status: response.status, headers: response.headers, body: answer, upstream: "aws", region: "us-east-1")
            }
        }
        await client.shutdown()
        server.cancel()
        _ = await server.result
        #expect(statuses == [200, 403])
        #expect(skewed?.message.contains("Signature expired") == true)
        #expect(skewed?.message.contains("clock") == true)
    }

    @Test func thirtyRequestsAtExpiryShareOneRefresh() async throws {
        let fake = FakeAnthropic()
        let (ports, ready) = AsyncStream<Int>.makeStream()
        let server = Task { try await fake.run { ready.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let base = "http://127.0.0.1:\(port)"

        let clock = TestClock()
        let now: @Sendable () -> Double = { clock.time.withLock { $0 } }
        let provider = ExpiringAWSProvider(now: now)
        let cache = TokenCache(provider: provider, upstream: "bedrock", clock: now)
        _ = try await cache.credential()
        clock.time.withLock { $0 += 3600 - 10 }  // inside the mandatory refresh window (30 s)

        var upstream = ProxySettings.Upstream(
            name: "bedrock", kind: .bedrock(region: "us-east-1"), baseURL: base, apiKey: nil, credentialSource: "test")
        upstream.bedrockGeography = "us"
        let target = UpstreamPool.Target(
            upstream: upstream, cache: cache, fixedCredential: nil, baseURL: base, credentialKind: "aws", credentialID: "AKID…MPLE",
            credentialSource: "test", bedrockModels: BedrockModelTable(BedrockModelMap(geography: "us")))
        let client = AnthropicClient(timeouts: TimeoutSettings())
        let body = JSONObject([
            ("model", .string("claude-haiku-4-5-20251001")), ("max_tokens", .number(16)),
            ("messages", .array([.object(JSONObject([("role", .string("user")), ("content", .string("hi"))]))])),
        ])
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    let credential = try await cache.credential()
                    let prepared = BedrockRequest.prepare(.messages, target: target, body: body, stream: false, clientHeaders: [])
                    let url = prepared.url
                    let bytes = JSONWriter.bytes(.object(prepared.body))
                    let response = try await client.postExact(
                        url: url, body: bytes, headers: BedrockRequest.headers(url: url, body: bytes, credential: credential, target: target),
                        firstByteTimeout: 10)
                    _ = try await response.collect(limit: 1 << 20)
                    return response.status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let tokens = await fake.requests.filter { $0.path.hasPrefix("/model/") }.compactMap { $0.headers["x-amz-security-token"] }
        await client.shutdown()
        server.cancel()
        _ = await server.result
        #expect(statuses == Array(repeating: 200, count: 30))
        #expect(provider.fetches.withLock { $0 } == 2)  // the first fetch and one refresh
        #expect(Set(tokens) == ["session-2"])
    }
}
