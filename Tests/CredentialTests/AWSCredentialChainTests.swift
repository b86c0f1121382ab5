import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct AWSCredentialChainTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// An environment with nothing but a scratch home, no IMDS.
    var home: [String: String] { ["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true"] }

    func chain(_ extra: [String: String] = [:], apiKey: String? = nil) throws -> any CredentialProvider {
        try AWSCredentialChain.provider(
            environment: home.merging(extra) { $1 }, configuredAPIKey: apiKey, apiKeySource: "config.json: key",
            http: .shared)
    }

    @Test func environmentKeysComeFirstAndSignWithoutHeaders() async throws {
        try directory.write(".aws/credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n")
        let provider = try chain([
            "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "env-secret-value-123",
            "AWS_SESSION_TOKEN": "session-token-value-456", "AWS_CREDENTIAL_EXPIRATION": "2099-01-01T00:00:00Z",
        ])
        #expect(provider.kind == "aws" && provider.source == "environment")
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(credential.headers.isEmpty)
        #expect(
            credential.aws
                == AWSCredentials(
                    accessKeyID: "AKIAENVIRONMENT", secretAccessKey: "env-secret-value-123",
                    sessionToken: "session-token-value-456"))
        #expect(credential.secret == "env-secret-value-123")
        #expect(credential.expiresAt == AWSTimestamp.parseISO8601("2099-01-01T00:00:00Z"))
        expectNoSecrets(provider.description, ["env-secret-value-123", "session-token-value-456"])
    }

    @Test func environmentKeyWithoutSecretSaysWhatToSet() {
        let error = #expect(throws: CredentialError.self) { try chain(["AWS_ACCESS_KEY_ID": "AKIA"]) }
        #expect(error?.message.contains("AWS_SECRET_ACCESS_KEY is not") == true)
    }

    @Test func expiredEnvironmentCredentialsAreRefusedWithAHint() async throws {
        let provider = try chain([
            "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "secret-value-x",
            "AWS_CREDENTIAL_EXPIRATION": "2001-01-01T00:00:00Z",
        ])
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("expired at 2001-01-01 00:00:00 UTC"))
    }

    @Test func bedrockAPIKeyFromConfigWinsOverEverything() async throws {
        let provider = try chain(
            ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "x", "AWS_BEARER_TOKEN_BEDROCK": "ABSKenv"],
            apiKey: "ABSKconfigured-key")
        #expect(provider.kind == "bedrock_api_key")
        #expect(provider.source.hasSuffix("config.json: key)"))
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(credential.header("authorization") == "Bearer ABSKconfigured-key" && credential.aws == nil)
        let fromEnvironment = try chain(["AWS_ACCESS_KEY_ID": "AKIA", "AWS_BEARER_TOKEN_BEDROCK": "ABSKenv"])
        #expect(fromEnvironment.source == "bedrock api key (long-term, expiry unknown; env:AWS_BEARER_TOKEN_BEDROCK)")
    }

    @Test func credentialsFileKeysOfTheSelectedProfileAreReadAgainOnEachFetch() async throws {
        try directory.write(
            ".aws/credentials",
            "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n"
                + "[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w1\n")
        let provider = try chain(["AWS_PROFILE": "work"])
        #expect(provider.source == "profile work (~/.aws/credentials)")
        #expect(try await provider.fetch(forceRefresh: false).aws?.secretAccessKey == "w1")
        try directory.write(".aws/credentials", "[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w2\n")
        let rotated = try await provider.fetch(forceRefresh: true)
        #expect(rotated.aws?.secretAccessKey == "w2" && rotated.expiresAt == nil)
    }

    @Test func aCredentialsFileOthersCanReadIsUsedWithAWarning() async throws {
        try directory.write(
            ".aws/credentials", "[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n", mode: 0o644)
        let credential = try await chain().fetch(forceRefresh: false)
        #expect(credential.warning?.contains("chmod 600") == true)
    }

    @Test func credentialsFileBeatsCredentialProcessWhichBeatsConfigFileKeys() throws {
        try directory.write(
            ".aws/config",
            "[default]\ncredential_process = /bin/true\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n")
        #expect(try chain().source == "credential_process (profile default)")
        try directory.write(".aws/credentials", "[default]\naws_access_key_id = AKIA\naws_secret_access_key = f\n")
        #expect(try chain().source == "profile default (~/.aws/credentials)")
        try directory.write(".aws/credentials", "")
        try directory.write(".aws/config", "[default]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n")
        #expect(try chain().source == "profile default (~/.aws/config)")
    }

    @Test func webIdentityFromTheEnvironmentComesBeforeSharedFiles() throws {
        try directory.write(".aws/credentials", "[default]\naws_access_key_id = AKIA\naws_secret_access_key = f\n")
        let provider = try chain([
            "AWS_WEB_IDENTITY_TOKEN_FILE": directory.file("token"), "AWS_ROLE_ARN": "arn:aws:iam::1:role/r",
            "AWS_REGION": "eu-west-1",
        ])
        #expect(provider.source == "web identity (arn:aws:iam::1:role/r)")
        let webIdentity = try #require(provider as? AWSWebIdentityProvider)
        #expect(webIdentity.stsURL == "https://sts.eu-west-1.amazonaws.com")
    }

    @Test func containerThenIMDSWhenNoProfileHasCredentials() throws {
        let container = try chain(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"])
        #expect(container.source == "container (http://169.254.170.2/v2/credentials/abc)")
        var environment = home
        environment["AWS_EC2_METADATA_DISABLED"] = nil
        let imds = try AWSCredentialChain.provider(
            environment: environment, configuredAPIKey: nil, apiKeySource: nil, http: .shared)
        #expect(imds.source == "imds (http://169.254.169.254)")
    }

    @Test func nothingFoundListsWhatWasTriedAndWhatToSet() throws {
        let error = try #require(#expect(throws: CredentialError.self) { try chain() })
        for tried in [
            "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "~/.aws/credentials", "~/.aws/config",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_EC2_METADATA_DISABLED", "AWS_BEARER_TOKEN_BEDROCK",
            "aws configure",
        ] {
            #expect(error.message.contains(tried), "missing \(tried) in: \(error.message)")
        }
    }

    @Test func missingExplicitProfileSsoAndSourceProfileAreExplained() throws {
        try directory.write(
            ".aws/config",
            "[profile sso]\nsso_session = corp\n[profile chained]\nrole_arn = arn:aws:iam::1:role/r\n"
                + "source_profile = default\n")
        func message(_ environment: [String: String]) -> String {
            do {
                _ = try chain(environment)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message(["AWS_PROFILE": "nope"]).contains("AWS profile nope (AWS_PROFILE) is not in"))
        #expect(message(["AWS_PROFILE": "sso"]).contains("aws configure export-credentials --profile sso"))
        #expect(message(["AWS_PROFILE": "chained"]).contains("source_profile"))
    }

    @Test func configTypesAwsAndBedrockAPIKeyResolveWithErrorsNamingFileAndKey() throws {
        try directory.write(".aws/credentials", "[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = c\n")
        func resolve(_ json: String, _ environment: [String: String] = [:]) throws -> any CredentialProvider {
            try CredentialResolver.fromConfig(
                JSONParser.parse(json), keyPath: "upstreams[1].credential", file: "config.json",
                environment: home.merging(environment) { $1 }, http: .shared
            ) { reference in
                reference.hasPrefix("env:") ? (environment[String(reference.dropFirst(4))] ?? "") : reference
            }
        }
        let profile = try resolve(
            #"{"type":"aws","profile":"ci"}"#, ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "e"])
        #expect(profile.source == "profile ci (~/.aws/credentials)")
        let key = try resolve(#"{"type":"bedrock_api_key","key":"env:BRK"}"#, ["BRK": "ABSKfromenv"])
        #expect(key.kind == "bedrock_api_key" && key.source == "bedrock api key (long-term, expiry unknown; env:BRK)")
        let missing = #expect(throws: ConfigError.self) { try resolve(#"{"type":"aws","profile":"missing"}"#) }
        #expect(missing?.file == "config.json" && missing?.key == "upstreams[1].credential.profile")
        #expect(missing?.reason.contains("AWS profile missing (config) is not in") == true)
        let noKey = #expect(throws: ConfigError.self) { try resolve(#"{"type":"bedrock_api_key"}"#) }
        #expect(noKey?.key == "upstreams[1].credential.key")
        let unknown = #expect(throws: ConfigError.self) { try resolve(#"{"type":"aws","region":"x"}"#) }
        #expect(unknown?.key == "upstreams[1].credential.region")
    }
}
