import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct FederationProviderTests {
    let clock = ManualClock()
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    static let assertion1 = "eyJhbGciOiJSUzI1NiJ9.identity-one.c2lnbmF0dXJlLW9uZQ"
    static let assertion2 = "eyJhbGciOiJSUzI1NiJ9.identity-two.c2lnbmF0dXJlLXR3bw"

    @Test func exchangeSendsTheSDKBodyAndBothBetasAndReReadsTheIdentityTokenEachTime() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        let tokenFile = try directory.write("token", Self.assertion1 + "\n", mode: 0o644)
        let provider = try FederationProvider(
            ruleID: "fdrl_01ABCDEF", organizationID: "00000000-1111-2222-3333-444444444444",
            serviceAccountID: "svac_01XYZ", workspaceID: "wrkspc_01WS", identityToken: .file(tokenFile),
            tokenBaseURL: fake.baseURL, http: .shared, source: "test", now: clock.function)

        let first = try await provider.fetch(forceRefresh: false)
        try directory.write("token", Self.assertion2, mode: 0o644)
        let second = try await provider.fetch(forceRefresh: false)

        #expect(fake.requests.count == 2)
        let request = fake.requests[0]
        #expect(request.path == "/v1/oauth/token")
        #expect(request.headers["anthropic-beta"] == "\(AnthropicOAuthBeta.oauth),\(AnthropicOAuthBeta.federation)")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["user-agent"]?.hasPrefix("claude-proxy/") == true)
        #expect(
            request.bodyText
                == #"{"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"\#(Self.assertion1)","#
                + #""federation_rule_id":"fdrl_01ABCDEF","organization_id":"00000000-1111-2222-3333-444444444444","#
                + #""service_account_id":"svac_01XYZ","workspace_id":"wrkspc_01WS"}"#)
        #expect(jsonBody(fake.requests[1])?["assertion"]?.stringValue == Self.assertion2)

        #expect(first.secret == FakeAnthropicOAuth.accessToken(1))
        #expect(second.secret == FakeAnthropicOAuth.accessToken(2))
        #expect(first.expiresAt == clock.now + 3600)
        // API requests carry only the OAuth beta, and no workspace header (the token is workspace-scoped).
        #expect(
            first.headers.map { "\($0.0): \($0.1)" } == [
                "authorization: Bearer \(FakeAnthropicOAuth.accessToken(1))",
                "anthropic-beta: \(AnthropicOAuthBeta.oauth)",
            ])
    }

    @Test func optionalIDsAreLeftOutOfTheBodyWhenNotSet() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        let provider = try FederationProvider(
            ruleID: "fdrl_01ABCDEF", organizationID: "org-1", identityToken: .value(Self.assertion1, origin: "test"),
            tokenBaseURL: fake.baseURL + "/", http: .shared, source: "test", now: clock.function)
        _ = try await provider.fetch(forceRefresh: false)
        let body = try #require(jsonBody(fake.requests[0])?.objectValue)
        #expect(body.keys == ["grant_type", "assertion", "federation_rule_id", "organization_id"])
    }

    @Test func rejectedExchangeExplainsTheRuleAndWorkspaceWithoutLeakingTheAssertion() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        fake.update {
            $0.failure = .json(
                #"{"error":"invalid_grant","error_description":"assertion \#(Self.assertion1) did not match"}"#,
                status: 401)
        }
        let provider = try FederationProvider(
            ruleID: "fdrl_01ABCDEF", organizationID: "org-1", identityToken: .value(Self.assertion1, origin: "test"),
            tokenBaseURL: fake.baseURL, http: .shared, source: "test", now: clock.function)
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("HTTP 401 invalid_grant"))
        #expect(message.contains("federation rule fdrl_01ABCDEF"))
        #expect(message.contains("ANTHROPIC_WORKSPACE_ID"))
        expectNoSecrets(message, [Self.assertion1])
    }

    @Test func profileCachesMintedTokensInItsCredentialsFileAcrossRestarts() async throws {
        let fake = try await FakeAnthropicOAuth.start()
        defer { Task { await fake.server.stop() } }
        let tokenFile = try directory.write("token", Self.assertion1)
        try directory.write(
            "configs/ci.json",
            #"{"authentication":{"type":"oidc_federation","federation_rule_id":"fdrl_01ABCDEF","#
                + #""identity_token":{"source":"file","path":"\#(tokenFile)"}},"organization_id":"org-1","#
                + #""workspace_id":"wrkspc_01WS","base_url":"\#(fake.baseURL)"}"#, mode: 0o644)
        let environment = ["HOME": directory.path, "ANTHROPIC_CONFIG_DIR": directory.path, "ANTHROPIC_PROFILE": "ci"]
        func makeProvider() throws -> any CredentialProvider {
            let resolved = try #require(
                try CredentialResolver.defaultAnthropic(
                    environment: environment, http: .shared, defaultBaseURL: "https://api.anthropic.com"))
            #expect(resolved.baseURL == fake.baseURL)
            #expect(resolved.provider.kind == "federation")
            #expect(resolved.provider.source == "profile 'ci' in ~")
            return resolved.provider
        }

        let first = try await makeProvider().fetch(forceRefresh: false)
        #expect(try fileMode(directory.file("credentials/ci.json")) == 0o600)
        #expect(try directory.read("credentials/ci.json").contains(first.secret))
        #expect(jsonBody(fake.requests[0])?["workspace_id"]?.stringValue == "wrkspc_01WS")

        let afterRestart = try await makeProvider().fetch(forceRefresh: false)
        #expect(afterRestart.secret == first.secret)
        #expect(fake.requests.count == 1)

        let forced = try await makeProvider().fetch(forceRefresh: true)
        #expect(forced.secret == FakeAnthropicOAuth.accessToken(2))
        #expect(fake.requests.count == 2)
    }
}
