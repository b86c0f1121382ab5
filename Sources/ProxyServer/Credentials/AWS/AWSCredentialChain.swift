import AsyncHTTPClient
import Foundation

/// Chooses the credential of a Bedrock upstream: a Bedrock API key when one is given, otherwise
/// the AWS credential chain in the SDKs' order (botocore `create_credential_resolver`,
/// upstreams.md §5.7), first match wins:
///
/// 1. environment — `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`,
///    `AWS_CREDENTIAL_EXPIRATION`); skipped when the config names a profile;
/// 2. the profile (`AWS_PROFILE`, legacy `AWS_DEFAULT_PROFILE`, else `default`):
///    web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, or the profile's
///    `web_identity_token_file` + `role_arn`), keys in the shared credentials file,
///    `credential_process`, keys in the config file;
/// 3. the container endpoint (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `…_FULL_URI`);
/// 4. IMDSv2, unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// Profiles that need AssumeRole with a source profile or IAM Identity Center (SSO) are reported
/// with a `credential_process` line that does the same through the AWS CLI.
///
/// Whatever is chosen goes into a ``TokenCache`` with ``refreshPolicy`` (botocore's windows), which
/// refreshes it single-flight: re-reading files, re-running the process, asking STS, the
/// container endpoint or IMDS again.
public enum AWSCredentialChain {
    /// botocore's `RefreshableCredentials`: refresh in the background 15 minutes before expiry,
    /// block callers from 10 minutes before it.
    public static let refreshPolicy = TokenRefreshPolicy(
        advisorySeconds: 15 * 60, mandatorySeconds: 10 * 60, advisoryBackoffSeconds: 5)

    /// The policy for a ``TokenCache`` holding `provider`: botocore's windows for AWS keys, the SDK's
    /// default for everything else (a Bedrock API key included: nothing can renew it early).
    public static func refreshPolicy(for provider: any CredentialProvider) -> TokenRefreshPolicy {
        provider.kind == "aws" ? refreshPolicy : .sdkDefault
    }

    /// The credential for a bedrock upstream: `configuredAPIKey` (described by `apiKeySource`, e.g.
    /// `env:MY_KEY`), else `AWS_BEARER_TOKEN_BEDROCK`, else the AWS chain.
    /// Throws ``CredentialError`` listing what was tried when nothing is found.
    public static func provider(
        environment: [String: String], configuredAPIKey: String?, apiKeySource: String?, http: HTTPClient
    ) throws -> any CredentialProvider {
        if let key = configuredAPIKey?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return BedrockAPIKeyProvider(key: key, origin: apiKeySource ?? "config")
        }
        if let key = environment["AWS_BEARER_TOKEN_BEDROCK"]?.trimmingCharacters(in: .whitespacesAndNewlines),
            !key.isEmpty
        {
            return BedrockAPIKeyProvider(key: key, origin: "env:AWS_BEARER_TOKEN_BEDROCK")
        }
        return try awsProvider(environment: environment, profile: nil, http: http)
    }

    /// The AWS chain alone. `profile` (from the config file) selects the profile explicitly, which
    /// also rules out the environment keys, as an explicit profile does in botocore.
    public static func awsProvider(
        environment: [String: String], profile: String?, http: HTTPClient
    ) throws(CredentialError) -> any CredentialProvider {
        if profile == nil, let fromEnvironment = try AWSEnvironmentProvider(environment: environment) {
            return fromEnvironment
        }
        let shared = try AWSSharedConfig(environment: environment, profile: profile)
        if shared.profileIsExplicit, !shared.profileExists {
            throw CredentialError(
                "AWS profile \(shared.profileName) (\(profile == nil ? "AWS_PROFILE" : "config")) is not in "
                    + "\(shared.credentialsDisplay) or \(shared.configDisplay); add it (`aws configure --profile "
                    + "\(shared.profileName)`) or pick another profile.")
        }
        if let provider = try profileProvider(shared, environment: environment, profile: profile, http: http) {
            return provider
        }
        if let container = try AWSContainerProvider(environment: environment, http: http) {
            return container
        }
        let tried = triedSummary(shared, environment: environment, explicitProfile: profile != nil)
        if AWSIMDSProvider.isDisabled(environment: environment) {
            throw CredentialError("\(tried), and IMDS is disabled (AWS_EC2_METADATA_DISABLED=true). \(whatToSet)")
        }
        return AWSIMDSProvider(
            environment: environment, http: http,
            lastResortMessage: "\(tried), and no EC2 instance metadata service answered. \(whatToSet)")
    }

    static let whatToSet =
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure` (or point AWS_PROFILE at a profile "
        + "with keys or a credential_process), or set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key."

    private static func profileProvider(
        _ shared: AWSSharedConfig, environment: [String: String], profile: String?, http: HTTPClient
    ) throws(CredentialError) -> (any CredentialProvider)? {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let name = shared.profileName
        let exportHint =
            "credential_process = aws configure export-credentials --profile \(name) --format process"
        if shared.configValue("role_arn") != nil,
            shared.configValue("source_profile") != nil || shared.configValue("credential_source") != nil
        {
            throw CredentialError(
                "AWS profile \(name) assumes a role through source_profile/credential_source, which claude-proxy "
                    + "does not do itself; add a profile whose \(exportHint), and select that one.")
        }
        let tokenFile = env("AWS_WEB_IDENTITY_TOKEN_FILE") ?? shared.configValue("web_identity_token_file")
        let roleARN = env("AWS_ROLE_ARN") ?? shared.configValue("role_arn")
        if let tokenFile, let roleARN {
            let region = env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? shared.configValue("region")
            return try AWSWebIdentityProvider(
                roleARN: roleARN, tokenFile: UserPath.expand(tokenFile, environment: environment),
                sessionName: env("AWS_ROLE_SESSION_NAME") ?? shared.configValue("role_session_name"),
                environment: environment, region: region, http: http)
        }
        if shared.configValue("sso_session") != nil || shared.configValue("sso_start_url") != nil {
            throw CredentialError(
                "AWS profile \(name) uses IAM Identity Center (SSO), which claude-proxy does not read directly; add "
                    + "a profile whose \(exportHint) (after `aws sso login`), and select that one.")
        }
        if AWSProfileKeysProvider.hasKeys(in: shared, file: .credentials) {
            return try AWSProfileKeysProvider(
                shared: shared, file: .credentials, environment: environment, profile: profile)
        }
        if let command = shared.configValue("credential_process") {
            return try AWSProcessProvider(command: command, profile: name, environment: environment)
        }
        if AWSProfileKeysProvider.hasKeys(in: shared, file: .config) {
            return try AWSProfileKeysProvider(shared: shared, file: .config, environment: environment, profile: profile)
        }
        return nil
    }

    private static func triedSummary(
        _ shared: AWSSharedConfig, environment: [String: String], explicitProfile: Bool
    ) -> String {
        let files = "\(shared.credentialsDisplay) and \(shared.configDisplay)"
        return "no AWS credentials found: tried "
            + (explicitProfile ? "" : "the environment (AWS_ACCESS_KEY_ID is not set), ")
            + "web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set), "
            + "profile \(shared.profileName) in \(files) (no keys or credential_process), "
            + "the container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set)"
    }
}
