import Foundation
import ProxyCore
import Synchronization
import Testing

@testable import ProxyServer

@Suite struct AWSEndpointProviderTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    static func keysJSON(_ number: Int, expiration: String = "2099-01-01T00:00:00Z") -> String {
        #"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIA\#(number)","SecretAccessKey":"secret-\#(number)-abcdefgh","Token":"token-\#(number)","Expiration":"\#(expiration)"}"#
    }

    @Test func imdsDoesTheV2TokenDanceThenReadsTheRoleCredentials() async throws {
        let imds = try await FakeHTTPServer.start { request, number in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                guard request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600" else {
                    return FakeReply(status: 400, headers: [], body: "")
                }
                return FakeReply(status: 200, headers: [], body: "imds-session-\(number)")
            case (_, let path) where request.headers["x-aws-ec2-metadata-token"] != "imds-session-1":
                return FakeReply(status: 401, headers: [], body: "no token for \(path)")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return FakeReply(status: 200, headers: [], body: "bedrock-role\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/bedrock-role"):
                return .json(Self.keysJSON(7, expiration: "2026-11-24T20:00:00Z"))
            default:
                return FakeReply(status: 404, headers: [], body: "")
            }
        }
        defer { Task { await imds.stop() } }
        let provider = AWSIMDSProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL + "/"], http: .shared, now: { 0 })
        #expect(provider.source == "imds (\(imds.baseURL))")
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(
            credential.aws
                == AWSCredentials(accessKeyID: "ASIA7", secretAccessKey: "secret-7-abcdefgh", sessionToken: "token-7"))
        #expect(credential.expiresAt == 1_795_550_400)
        #expect(
            imds.requests.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/bedrock-role",
            ])
    }

    @Test func imdsWithoutARoleSaysToAttachOne() async throws {
        let imds = try await FakeHTTPServer.start { request, _ in
            request.method == "PUT"
                ? FakeReply(status: 200, headers: [], body: "t") : FakeReply(status: 404, headers: [], body: "")
        }
        defer { Task { await imds.stop() } }
        let provider = AWSIMDSProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL], http: .shared,
            lastResortMessage: "no AWS credentials found")
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("no IAM role for this instance"))
    }

    @Test func noIMDSFailsWithTheListOfWhatWasTried() async throws {
        // Nothing listens on port 9 of this machine: the connection is refused at once.
        let provider = try AWSCredentialChain.provider(
            environment: ["HOME": directory.path, "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"],
            configuredAPIKey: nil, apiKeySource: nil, http: .shared)
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("no AWS credentials found: tried"))
        #expect(message.contains("no EC2 instance metadata service answered"))
    }

    @Test func aHangingIMDSIsGivenUpAfterOneSecond() async throws {
        let imds = try await FakeHTTPServer.start { _, _ in
            try? await Task.sleep(for: .seconds(60))
            return FakeReply(status: 200, headers: [], body: "late")
        }
        defer { Task { await imds.stop() } }
        let provider = AWSIMDSProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL], http: .shared,
            lastResortMessage: "no AWS credentials found")
        let started = ContinuousClock.now
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        // The limit is one second; the bound leaves room for a loaded machine and is far below the
        // server's 60 s.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(AWSIMDSProvider.defaultTimeout == .seconds(1))
        #expect(message.contains("no AWS credentials found (could not reach IMDS"))
    }

    @Test func policyForAWSKeysUsesBotocoreWindows() throws {
        let imds = AWSIMDSProvider(environment: [:], http: .shared)
        #expect(AWSCredentialChain.refreshPolicy(for: imds).advisorySeconds == 900)
        #expect(AWSCredentialChain.refreshPolicy(for: imds).mandatorySeconds == 600)
        let key = BedrockAPIKeyProvider(key: "ABSKkey", origin: "config")
        #expect(AWSCredentialChain.refreshPolicy(for: key) == .sdkDefault)
    }

    @Test func containerEndpointSendsTheRotatedAuthorizationTokenFromItsFile() async throws {
        let container = try await FakeHTTPServer.start { request, number in
            guard request.path == "/v1/credentials" else { return FakeReply(status: 404, headers: [], body: "") }
            return .json(Self.keysJSON(number))
        }
        defer { Task { await container.stop() } }
        let tokenFile = try directory.write("eks-token", "pod-token-1\n")
        let provider = try #require(
            try AWSContainerProvider(
                environment: [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": container.baseURL + "/v1/credentials",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                ], http: .shared, now: { 0 }))
        #expect(try await provider.fetch(forceRefresh: false).aws?.accessKeyID == "ASIA1")
        try directory.write("eks-token", "pod-token-2")
        #expect(try await provider.fetch(forceRefresh: false).aws?.sessionToken == "token-2")
        #expect(container.requests.map { $0.headers["authorization"] } == ["pod-token-1", "pod-token-2"])
        try directory.write("eks-token", "pod-token-3\r\nx-injected: yes")
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("contains a line break"))
        #expect(container.requestCount == 2)
    }

    @Test func containerFullURIMustBeLocalOrHTTPS() throws {
        #expect(AWSContainerProvider.isAllowed("http://169.254.170.23/v1/credentials"))
        #expect(AWSContainerProvider.isAllowed("http://[fd00:ec2::23]/v1/credentials"))
        #expect(AWSContainerProvider.isAllowed("http://127.0.0.5:8080/creds"))
        #expect(AWSContainerProvider.isAllowed("https://creds.example.com/x"))
        #expect(!AWSContainerProvider.isAllowed("http://creds.example.com/x"))
        #expect(!AWSContainerProvider.isAllowed("http://127.0.0.1.evil.com/x"))
        #expect(throws: CredentialError.self) {
            try AWSContainerProvider(
                environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.0.0.1/"], http: .shared)
        }
    }

    /// A fake STS that checks the AssumeRoleWithWebIdentity form and answers with XML.
    static func fakeSTS(expiresIn: Double, clock: ManualClock) async throws -> FakeHTTPServer {
        try await FakeHTTPServer.start { request, number in
            let form = Dictionary(FormURLEncoder.decode(request.bodyText), uniquingKeysWith: { $1 })
            guard form["Action"] == "AssumeRoleWithWebIdentity", form["Version"] == "2011-06-15",
                form["RoleArn"] == "arn:aws:iam::123456789012:role/bedrock", form["RoleSessionName"] == "proxy-test"
            else { return FakeReply(status: 400, headers: [], body: "bad form") }
            guard form["WebIdentityToken"]?.hasPrefix("oidc-jwt-") == true else {
                return FakeReply(
                    status: 400, headers: [("content-type", "text/xml")],
                    body: "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                        + "<Message>Couldn&apos;t retrieve verification key</Message></Error></ErrorResponse>")
            }
            let expiration = ISO8601DateFormatter().string(
                from: Date(timeIntervalSince1970: clock.now + expiresIn))
            return FakeReply(
                status: 200, headers: [("content-type", "text/xml")],
                body: """
                    <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                      <AssumeRoleWithWebIdentityResult>
                        <Credentials>
                          <AccessKeyId>ASIASTS\(number)</AccessKeyId>
                          <SecretAccessKey>sts-secret-\(number)</SecretAccessKey>
                          <SessionToken>sts-session&amp;\(number)</SessionToken>
                          <Expiration>\(expiration)</Expiration>
                        </Credentials>
                      </AssumeRoleWithWebIdentityResult>
                    </AssumeRoleWithWebIdentityResponse>
                    """)
        }
    }

    func webIdentity(_ sts: FakeHTTPServer, clock: ManualClock) throws -> AWSWebIdentityProvider {
        try directory.write("oidc-token", "oidc-jwt-1\n")
        return try AWSWebIdentityProvider(
            roleARN: "arn:aws:iam::123456789012:role/bedrock", tokenFile: directory.file("oidc-token"),
            sessionName: "proxy-test", environment: ["AWS_ENDPOINT_URL_STS": sts.baseURL], region: "us-east-1",
            http: .shared, now: clock.function)
    }

    @Test func webIdentityExchangesTheTokenFileAtSTS() async throws {
        let clock = ManualClock()
        let sts = try await Self.fakeSTS(expiresIn: 3600, clock: clock)
        defer { Task { await sts.stop() } }
        let provider = try webIdentity(sts, clock: clock)
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(
            credential.aws
                == AWSCredentials(
                    accessKeyID: "ASIASTS1", secretAccessKey: "sts-secret-1", sessionToken: "sts-session&1"))
        #expect(credential.expiresAt == clock.now + 3600)
        let request = try #require(sts.requests.first)
        #expect(
            request.method == "POST"
                && request.headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") == true)
        #expect(request.headers["authorization"] == nil)
    }

    @Test func webIdentityRejectionNamesTheSTSCodeAndTheTrustPolicy() async throws {
        let clock = ManualClock()
        let sts = try await Self.fakeSTS(expiresIn: 3600, clock: clock)
        defer { Task { await sts.stop() } }
        let provider = try webIdentity(sts, clock: clock)
        try directory.write("oidc-token", "not-a-valid-token-value-123456")
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("HTTP 400 (InvalidIdentityToken: Couldn't retrieve verification key)"))
        #expect(message.contains("trust policy"))
        expectNoSecrets(message, ["not-a-valid-token-value-123456"])
    }

    @Test func cacheRefreshesSTSCredentialsInBotocoresWindowsSingleFlight() async throws {
        let clock = ManualClock()
        let sts = try await Self.fakeSTS(expiresIn: 3600, clock: clock)
        defer { Task { await sts.stop() } }
        let cache = TokenCache(
            provider: try webIdentity(sts, clock: clock), upstream: "bedrock", clock: clock.function,
            policy: AWSCredentialChain.refreshPolicy)
        #expect(try await cache.credential().aws?.accessKeyID == "ASIASTS1")
        clock.advance(3600 - 16 * 60)  // 16 min left: still served from the cache
        #expect(try await cache.credential().aws?.accessKeyID == "ASIASTS1")
        #expect(sts.requestCount == 1)
        clock.advance(2 * 60)  // 14 min left: served, one background refresh
        #expect(try await cache.credential().aws?.accessKeyID == "ASIASTS1")
        await cache.awaitPendingRefresh()
        #expect(try await cache.credential().aws?.accessKeyID == "ASIASTS2")
        clock.advance(3600 - 9 * 60)  // 9 min left: everyone waits for one refresh
        let keys = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { try await cache.credential().aws?.accessKeyID } }
            return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIASTS3"])
        #expect(sts.requestCount == 3)
        let status = await cache.status
        #expect(status.kind == "aws" && status.expiresAt == clock.now + 3600)
        expectNoSecrets(status.message ?? "", ["sts-secret-3"])
    }
}
