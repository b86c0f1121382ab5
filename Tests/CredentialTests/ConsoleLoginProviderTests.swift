import AsyncHTTPClient
import Foundation
import ProxyCore
import Synchronization
import Testing

@testable import ProxyServer

@Suite struct ConsoleLoginProviderTests {
    let clock = ManualClock()
    let directory: TemporaryDirectory
    let environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        environment = ["HOME": directory.path, "ANTHROPIC_CONFIG_DIR": directory.path]
    }

    func provider(
        _ fake: FakeAnthropicOAuth, name: String = "default", writer: SecretFileWriter = .atomic
    ) throws -> ConsoleLoginProvider {
        let profile = try AnthropicProfile.load(name: name, directory: directory.path, environment: environment)
        return try ConsoleLoginProvider(
            profile: profile, http: .shared, defaultBaseURL: fake.baseURL, environment: environment, writer: writer,
            now: clock.function)
    }

    @Test func refreshGrantHasTheSDKBodyAndHeadersAndRotatesTheRefreshToken() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, workspaceID: "wrkspc_01abc", accessToken: "sk-ant-oat01-old-access-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0), expiresAt: clock.now + 60)
        let credential = try await provider(fake).fetch(forceRefresh: false)

        #expect(fake.requests.count == 1)
        let request = try #require(fake.requests.first)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["anthropic-beta"] == AnthropicOAuthBeta.oauth)
        #expect(request.headers["user-agent"]?.hasPrefix("claude-proxy/") == true)
        #expect(request.headers["x-api-key"] == nil && request.headers["authorization"] == nil)
        #expect(
            request.bodyText
                == #"{"grant_type":"refresh_token","refresh_token":"\#(FakeAnthropicOAuth.refreshToken(0))","client_id":"client-abc"}"#
        )
        #expect(credential.secret == FakeAnthropicOAuth.accessToken(1))
        #expect(credential.expiresAt == clock.now + 3600)
        #expect(
            credential.headers.map { "\($0.0): \($0.1)" } == [
                "authorization: Bearer \(FakeAnthropicOAuth.accessToken(1))",
                "anthropic-beta: \(AnthropicOAuthBeta.oauth)",
                "anthropic-workspace-id: wrkspc_01abc",
            ])
        let saved = try #require(try? JSONParser.parse(directory.read("credentials/default.json")))
        #expect(saved["refresh_token"]?.stringValue == FakeAnthropicOAuth.refreshToken(1))
        #expect(saved["access_token"]?.stringValue == FakeAnthropicOAuth.accessToken(1))
        #expect(saved["expires_at"]?.doubleValue == clock.now + 3600)
        #expect(try fileMode(directory.file("credentials/default.json")) == 0o600)

        // The next forced refresh presents the rotated token, which it can only have read from disk.
        let again = try await provider(fake).fetch(forceRefresh: true)
        #expect(again.secret == FakeAnthropicOAuth.accessToken(2))
        #expect(jsonBody(fake.requests[1])?["refresh_token"]?.stringValue == FakeAnthropicOAuth.refreshToken(1))
    }

    @Test func rotatedRefreshTokenIsOnDiskWithMode0600BeforeTheNewAccessTokenIsReturned() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, accessToken: "sk-ant-oat01-old-access-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0),
            expiresAt: clock.now - 5)
        let seenAtWrite = Mutex<(String, Int)?>(nil)
        let writer = SecretFileWriter { bytes, path in
            try SecretFileWriter.atomic.write(bytes, to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            seenAtWrite.withLock { $0 = (text, (try? fileMode(path)) ?? -1) }
        }
        let credential = try await provider(fake, writer: writer).fetch(forceRefresh: false)
        let (text, mode) = try #require(seenAtWrite.withLock { $0 })
        #expect(text.contains(FakeAnthropicOAuth.refreshToken(1)))
        #expect(text.contains(credential.secret))
        #expect(mode == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.file("credentials"))
        #expect(leftovers == ["default.json"])
    }

    @Test func failedWriteFailsTheRefreshAndLeavesTheOldFileIntact() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, accessToken: "sk-ant-oat01-old-access-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0),
            expiresAt: clock.now - 5)
        let before = try directory.read("credentials/default.json")
        let failing = SecretFileWriter { _, _ in throw CredentialError("No space left on device") }
        let message = try #require(
            await errorText { _ = try await provider(fake, writer: failing).fetch(forceRefresh: false) })
        #expect(message.contains("could not save it"))
        #expect(message.contains("No space left on device"))
        #expect(message.contains("ant auth login"))
        #expect(try directory.read("credentials/default.json") == before)
        expectNoSecrets(message, fake.allSecrets + ["sk-ant-oat01-old-access-ZZZZ"])
    }

    @Test func realAtomicWriteFailureLeavesTheTargetAndNoTemporaryFiles() throws {
        // Running as root, permissions cannot make a write fail; a non-empty directory in the
        // target's place makes the rename fail for real.
        try directory.write("target.json/keep", "x")
        #expect(throws: CredentialError.self) {
            try SecretFileWriter.atomic.write(Array("new".utf8), to: directory.file("target.json"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["target.json"])
        try directory.write("plain.json", "old", mode: 0o644)
        try SecretFileWriter.atomic.write(Array("new".utf8), to: directory.file("plain.json"))
        #expect(try directory.read("plain.json") == "new")
        #expect(try fileMode(directory.file("plain.json")) == 0o600)
    }

    @Test func rejectedRefreshSaysToLogInAgainWithoutLeakingTokens() async throws {
        let fake = try await FakeAnthropicOAuth.start(initialRefreshToken: "something-else")
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, name: "work", accessToken: "sk-ant-oat01-old-access-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0), expiresAt: clock.now - 5)
        let message = try #require(
            await errorText { _ = try await provider(fake, name: "work").fetch(forceRefresh: false) })
        #expect(message.contains("HTTP 400 invalid_grant (refresh token is not valid)"))
        #expect(message.contains("Log in again with `ant auth login` (profile 'work')"))
        expectNoSecrets(message, fake.allSecrets + ["sk-ant-oat01-old-access-ZZZZ"])
    }

    @Test func freshTokenOnDiskIsUsedWithoutCallingTheEndpoint() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, accessToken: "sk-ant-oat01-still-good-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0),
            expiresAt: clock.now + 1800)
        let credential = try await provider(fake).fetch(forceRefresh: false)
        #expect(credential.secret == "sk-ant-oat01-still-good-ZZZZ")
        #expect(fake.requests.isEmpty)
    }

    @Test func worldReadableCredentialsAreRefusedAndGroupReadableOnesWarned() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, accessToken: "sk-ant-oat01-still-good-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0),
            expiresAt: clock.now + 1800, credentialsMode: 0o644)
        let refused = try #require(await errorText { _ = try await provider(fake).fetch(forceRefresh: false) })
        #expect(refused.contains("readable by every user"))
        #expect(refused.contains("chmod 600"))
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o640], ofItemAtPath: directory.file("credentials/default.json"))
        let credential = try await provider(fake).fetch(forceRefresh: false)
        #expect(credential.warning?.contains("group-accessible (mode 0640)") == true)
        expectNoSecrets(refused + (credential.warning ?? ""), ["sk-ant-oat01-still-good-ZZZZ"])
    }

    @Test func symlinkedCredentialsFileIsRefused() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, accessToken: "sk-ant-oat01-still-good-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0),
            expiresAt: clock.now + 1800)
        let real = directory.file("elsewhere.json")
        try FileManager.default.moveItem(atPath: directory.file("credentials/default.json"), toPath: real)
        try FileManager.default.createSymbolicLink(
            atPath: directory.file("credentials/default.json"), withDestinationPath: real)
        let message = try #require(await errorText { _ = try await provider(fake).fetch(forceRefresh: false) })
        #expect(message.contains("symbolic link"))
    }

    @Test func profileWithoutClientIDIsOnlyReReadAndPicksUpAnExternallyRotatedFile() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        try writeProfile(
            in: directory, clientID: nil, accessToken: "sk-ant-oat01-external-1-ZZZZ", expiresAt: clock.now + 100)
        let cache = TokenCache(provider: try provider(fake), upstream: "anthropic", clock: clock.function)
        #expect(try await cache.credential().secret == "sk-ant-oat01-external-1-ZZZZ")

        try writeProfile(
            in: directory, clientID: nil, accessToken: "sk-ant-oat01-external-2-ZZZZ", expiresAt: clock.now + 3600)
        // In the advisory window the old token is served while the file is re-read in the background.
        #expect(try await cache.credential().secret == "sk-ant-oat01-external-1-ZZZZ")
        await cache.awaitPendingRefresh()
        #expect(try await cache.credential().secret == "sk-ant-oat01-external-2-ZZZZ")
        #expect(fake.requests.isEmpty)

        clock.advance(3601)
        let message = try #require(await errorText { _ = try await cache.credential() })
        #expect(message.contains("has no client_id"))
        expectNoSecrets(message, ["sk-ant-oat01-external-1-ZZZZ", "sk-ant-oat01-external-2-ZZZZ"])
    }

    @Test func tokenCacheOverTheRealProviderRefreshesOnceForManyCallers() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        fake.update { $0.delay = .milliseconds(50) }
        try writeProfile(
            in: directory, accessToken: "sk-ant-oat01-old-access-ZZZZ",
            refreshToken: FakeAnthropicOAuth.refreshToken(0),
            expiresAt: clock.now + 10)
        let log = StatusLog()
        let cache = TokenCache(
            provider: try provider(fake), upstream: "anthropic", clock: clock.function, onStatus: log.sink)
        let secrets = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 { group.addTask { try await cache.credential().secret } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(fake.requests.count == 1)
        #expect(secrets == [FakeAnthropicOAuth.accessToken(1)])
        #expect(log.last?.state == .valid)
        expectNoSecrets(log.text, fake.allSecrets)
    }
}
