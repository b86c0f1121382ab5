import AsyncHTTPClient
import Foundation
import ProxyCore

/// The configured upstreams in failover order, each with the token cache of its credential.
///
/// Built from the settings when the proxy starts and again when a reload changes the upstreams;
/// requests take the pool they start with.
public final class UpstreamPool: Sendable {
    public struct Target: Sendable {
        public let upstream: ProxySettings.Upstream
        public let cache: TokenCache?
        /// A credential that never changes (an API key), sent without asking the cache actor.
        let fixedCredential: IssuedCredential?
        /// The base URL requests go to (a Console profile's `base_url` when none was set explicitly).
        public let baseURL: String
        public let credentialKind: String
        public let credentialID: String
        public let credentialSource: String
        /// Bedrock: the upstream's model ids (first-party id → Bedrock id), refreshed with the model lists.
        public let bedrockModels: BedrockModelTable?
    }

    public let targets: [Target]
    /// Upstreams left out because no credential could be found for them, with the reason.
    public let unavailable: [(name: String, reason: String)]

    /// Resolves every upstream's credential. Throws `ConfigError` for a broken `credential`
    /// object, and `CredentialError` when no upstream has a usable credential.
    public init(
        settings: ProxySettings, http: HTTPClient, environment: [String: String], resolver: SecretResolver,
        onStatus: @escaping @Sendable (CredentialStatus) -> Void
    ) throws {
        var targets: [Target] = []
        var unavailable: [(String, String)] = []
        for upstream in settings.upstreams {
            if settings.demo {
                // The built-in fake checks that a key is sent, like the real API; this one is not a secret.
                let provider = StaticAPIKeyProvider(key: "demo-key-for-the-built-in-fake", source: upstream.credentialSource)
                targets.append(
                    Target(
                        upstream: upstream, cache: TokenCache(provider: provider, upstream: upstream.name),
                        fixedCredential: provider.issued, baseURL: upstream.baseURL, credentialKind: "demo",
                        credentialID: "demo-…0001", credentialSource: upstream.credentialSource,
                        bedrockModels: Self.bedrockModelTable(for: upstream)))
                continue
            }
            do {
                guard let (provider, profileBase) = try Self.provider(for: upstream, settings: settings, http: http, environment: environment, resolver: resolver) else {
                    unavailable.append((upstream.name, ProxySettings.missingCredentialMessage))
                    continue
                }
                let base = (!upstream.baseURLIsExplicit ? profileBase : nil) ?? upstream.baseURL
                let cache = TokenCache(
                    provider: provider, upstream: upstream.name, policy: AWSCredentialChain.refreshPolicy(for: provider),
                    onStatus: onStatus)
                targets.append(
                    Target(
                        upstream: upstream, cache: cache, fixedCredential: (provider as? StaticAPIKeyProvider)?.issued,
                        baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base,
                        credentialKind: provider.kind, credentialID: provider.redactedID, credentialSource: provider.source,
                        bedrockModels: Self.bedrockModelTable(for: upstream)))
            } catch let error as CredentialError {
                unavailable.append((upstream.name, error.message))
            }
        }
        guard !targets.isEmpty else {
            let reasons = unavailable.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
            throw CredentialError(settings.upstreams.count == 1 ? (unavailable.first?.1 ?? ProxySettings.missingCredentialMessage) : reasons)
        }
        self.targets = targets
        self.unavailable = unavailable
    }

    static func provider(
        for upstream: ProxySettings.Upstream, settings: ProxySettings, http: HTTPClient, environment: [String: String],
        resolver: SecretResolver
    ) throws -> (any CredentialProvider, String?)? {
        let file = settings.configPath ?? "config"
        if let credential = upstream.credential {
            let provider = try CredentialResolver.fromConfig(
                credential, keyPath: "\(upstream.keyPath).credential", file: file, environment: environment, http: http,
                defaultBaseURL: upstream.baseURL,
                resolveSecret: { text in try resolver.resolve(SecretReference(text), file: file, key: "\(upstream.keyPath).credential") })
            return (provider, provider.baseURL)
        }
        // Before the generic API-key branch: a Bedrock `apiKey` is a bearer key, not an `x-api-key`.
        if upstream.kind.isBedrock {
            return (try bedrockProvider(for: upstream, environment: environment, http: http), nil)
        }
        if let key = upstream.apiKey {
            return (StaticAPIKeyProvider(key: key, source: upstream.credentialSource), nil)
        }
        switch upstream.kind {
        case .anthropic:
            // Without ANTHROPIC_API_KEY in the environment the default chain finds profiles.
            var chainEnvironment = environment
            chainEnvironment["ANTHROPIC_API_KEY"] = nil
            return try CredentialResolver.defaultAnthropic(environment: chainEnvironment, http: http, defaultBaseURL: upstream.baseURL)
                .map { ($0.provider, $0.baseURL) }
        case .vertex:
            return (try CredentialResolver.googleDefault(environment: environment, http: http), nil)
        case .bedrock:
            return nil
        }
    }

    static func bedrockModelTable(for upstream: ProxySettings.Upstream) -> BedrockModelTable? {
        upstream.kind.isBedrock ? BedrockModelTable(BedrockModelMap(geography: upstream.bedrockGeography)) : nil
    }

    /// The credential of a Bedrock upstream without a `credential` object: its `apiKey` or
    /// `AWS_BEARER_TOKEN_BEDROCK` as a bearer key, else the AWS credential chain in the SDKs' order
    /// (environment, web identity, profile files and `credential_process`, container, IMDSv2), whose
    /// keys the sender signs with.
    static func bedrockProvider(
        for upstream: ProxySettings.Upstream, environment: [String: String], http: HTTPClient
    ) throws -> any CredentialProvider {
        try AWSCredentialChain.provider(
            environment: environment, configuredAPIKey: upstream.apiKey, apiKeySource: upstream.credentialSource, http: http)
    }

    /// Refreshes every credential now (the dashboard's `f`, `POST /admin/refresh`).
    public func refreshAll() async -> CommandResult {
        var messages: [String] = []
        var ok = true
        for target in targets {
            guard let cache = target.cache else {
                messages.append("\(target.upstream.name): demo credential")
                continue
            }
            let result = await cache.refreshNow()
            ok = ok && result.ok
            messages.append(result.message)
        }
        return CommandResult(ok: ok, message: messages.joined(separator: "; "))
    }

    /// Publishes each credential's state (for a subscriber that just arrived, and on a timer so
    /// `valid` turns into `expiring` while no request comes in).
    public func publishStatuses() async {
        for target in targets { await target.cache?.publishStatus() }
    }
}
