import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

/// SPEC §1: only credentials the user configured for this program are used, and secrets never
/// show up in what is printed.
@Suite struct CredentialPolicyTests {
    @Test func claudeCodeStoresAndBareBearerTokensAreNeverPickedUp() throws {
        let home = try TemporaryDirectory()
        try home.write(
            ".claude/.credentials.json",
            #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-subscription-token","refreshToken":"sk-ant-ort01-sub"}}"#)
        let resolved = try CredentialResolver.defaultAnthropic(
            environment: ["HOME": home.path, "ANTHROPIC_AUTH_TOKEN": "sk-ant-oat01-some-bearer-token"], http: .shared,
            defaultBaseURL: "https://api.anthropic.com")
        #expect(resolved == nil)
    }

    @Test func providersAndCredentialsPrintOnlyRedactedForms() async throws {
        let key = "sk-ant-api03-printed-secret-key-3f9a"
        let provider: any CredentialProvider = StaticAPIKeyProvider(key: key, source: "env:ANTHROPIC_API_KEY")
        let credential = try await provider.fetch(forceRefresh: false)
        var dumped = ""
        dump(provider, to: &dumped)
        dump(credential, to: &dumped)
        let printed =
            "\(provider) \(credential) \(String(reflecting: provider)) \(String(reflecting: credential)) \(dumped)"
        expectNoSecrets(printed, [key])
        #expect("\(provider)" == "api_key sk-ant-…3f9a (env:ANTHROPIC_API_KEY)")
    }
}
