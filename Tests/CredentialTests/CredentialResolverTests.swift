import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct CredentialResolverTests {
    let directory: TemporaryDirectory
    let clock = ManualClock()

    init() throws { directory = try TemporaryDirectory() }

    func resolve(_ environment: [String: String]) throws -> (provider: any CredentialProvider, baseURL: String?)? {
        var environment = environment
        environment["HOME"] = environment["HOME"] ?? directory.path
        return try CredentialResolver.defaultAnthropic(
            environment: environment, http: .shared, defaultBaseURL: "https://api.anthropic.com")
    }

    /// Profiles `default`, `work` and `play` under `<tmp>/.config/anthropic`.
    func writeProfiles() throws {
        let anthropic = try TemporaryDirectoryView(directory, ".config/anthropic")
        for name in ["default", "work", "play"] {
            try anthropic.profile(name, baseURL: name == "work" ? "https://work.example.com/" : nil)
        }
    }

    @Test func apiKeyFromTheEnvironmentComesFirst() throws {
        try writeProfiles()
        let resolved = try #require(
            try resolve(["ANTHROPIC_API_KEY": "sk-ant-api03-envkey-abcdefgh-3f9a", "ANTHROPIC_PROFILE": "work"]))
        #expect(resolved.provider.kind == "api_key")
        #expect(resolved.provider.source == "env:ANTHROPIC_API_KEY")
        #expect(resolved.provider.redactedID == "sk-ant-…3f9a")
        #expect(resolved.baseURL == nil)
    }

    @Test func profileIsChosenByEnvironmentThenActiveConfigThenDefault() throws {
        try writeProfiles()
        let byEnvironment = try #require(try resolve(["ANTHROPIC_PROFILE": "work"]))
        #expect(byEnvironment.provider.kind == "console_oauth")
        #expect(byEnvironment.provider.source == "profile 'work' in ~/.config/anthropic")
        #expect(byEnvironment.baseURL == "https://work.example.com")
        #expect(byEnvironment.provider.baseURL == "https://work.example.com")

        try directory.write(".config/anthropic/active_config", "play\n", mode: 0o644)
        let byPointer = try #require(try resolve([:]))
        #expect(byPointer.provider.source == "profile 'play' in ~/.config/anthropic")
        #expect(byPointer.baseURL == nil)
        #expect(try resolve(["ANTHROPIC_PROFILE": "work"])?.provider.source == "profile 'work' in ~/.config/anthropic")

        try FileManager.default.removeItem(atPath: directory.file(".config/anthropic/active_config"))
        let fallback = try #require(try resolve([:]))
        #expect(fallback.provider.source == "profile 'default' in ~/.config/anthropic")
        #expect(fallback.provider.redactedID == "profile 'default' (org …9abc)")
    }

    @Test func configDirectoryComesFromTheEnvironment() throws {
        let other = try TemporaryDirectoryView(directory, "elsewhere")
        try other.profile("default", baseURL: "http://127.0.0.1:9999")
        let resolved = try #require(try resolve(["ANTHROPIC_CONFIG_DIR": other.path]))
        #expect(resolved.provider.source == "profile 'default' in ~/elsewhere")
        #expect(resolved.baseURL == "http://127.0.0.1:9999")
    }

    @Test func nothingConfiguredResolvesToNil() throws {
        #expect(try resolve([:]) == nil)
    }

    @Test func explicitlySelectedMissingProfileIsAnError() async throws {
        let message = await errorText { _ = try resolve(["ANTHROPIC_PROFILE": "missing"]) }
        #expect(message?.contains("config file for profile 'missing' not found") == true)
        #expect(message?.contains("ant auth login") == true)
    }

    @Test(arguments: ["../etc/passwd", ".hidden", " work", "a\\b", "nul\0byte"])
    func unsafeProfileNamesAreRejected(name: String) async throws {
        let message = await errorText { _ = try resolve(["ANTHROPIC_PROFILE": name]) }
        #expect(message?.contains("profile name") == true)
    }

    @Test func federationFromTheEnvironmentComesBeforeAFallbackProfile() throws {
        try writeProfiles()
        let token = try directory.write("token.jwt", "eyJhbGciOiJSUzI1NiJ9.x.y")
        let resolved = try #require(
            try resolve([
                "ANTHROPIC_FEDERATION_RULE_ID": "fdrl_01ABCDEFGHIJ", "ANTHROPIC_ORGANIZATION_ID": "org-1",
                "ANTHROPIC_IDENTITY_TOKEN_FILE": token,
            ]))
        #expect(resolved.provider.kind == "federation")
        #expect(resolved.provider.redactedID == "federation rule fdrl_…GHIJ")
        #expect(resolved.baseURL == nil)
    }

    @Test func plainHTTPTokenEndpointsAreRefusedExceptOnThisMachine() async throws {
        let view = try TemporaryDirectoryView(directory, ".config/anthropic")
        try view.profile("default", baseURL: "http://evil.example.com")
        let message = await errorText { _ = try resolve(["ANTHROPIC_PROFILE": "default"]) }
        #expect(message?.contains("must use https") == true)
    }
}

/// A sub-directory of a ``TemporaryDirectory`` holding Anthropic profiles.
struct TemporaryDirectoryView {
    let base: TemporaryDirectory
    let relative: String
    var path: String { base.file(relative) }

    init(_ base: TemporaryDirectory, _ relative: String) throws {
        self.base = base
        self.relative = relative
        try FileManager.default.createDirectory(atPath: base.file(relative), withIntermediateDirectories: true)
    }

    func profile(_ name: String, baseURL: String?) throws {
        var config =
            #"{"authentication":{"type":"user_oauth","client_id":"client-abc"},"organization_id":"org-uuid-1234-5678-9abc""#
        if let baseURL { config += #","base_url":"\#(baseURL)""# }
        try base.write("\(relative)/configs/\(name).json", config + "}", mode: 0o644)
        try base.write(
            "\(relative)/credentials/\(name).json",
            #"{"version":"1.0","type":"oauth_token","access_token":"sk-ant-oat01-\#(name)-token","expires_at":4000000000,"refresh_token":"r"}"#
        )
    }
}
