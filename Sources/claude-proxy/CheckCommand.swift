import ArgumentParser
import Foundation
import Logging
import ProxyCore
import ProxyServer

/// `claude-proxy check`: validates the configuration, shows each upstream's credential and its
/// expiry, and makes one cheap call (the models list) per upstream; exits non-zero on a problem.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and test each upstream and credential.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let loader = ConfigLoader(options: options)
        let settings: ProxySettings
        let warnings: [String]
        do {
            (settings, warnings) = try loader.load()
        } catch let error as ConfigError {
            print("config      FAIL  \(error)")
            throw ProxyExit.configError
        }
        print("config      ok    \(settings.configPath ?? "(no file; defaults and environment)")")
        for warning in warnings { print("config      WARN  \(warning)") }
        if let problem = settings.startupProblem() {
            print("listen      FAIL  http://\(settings.displayHost):\(settings.port): \(problem)")
            throw ProxyExit.notConfigured
        }
        print("listen      ok    http://\(settings.displayHost):\(settings.port)")
        if settings.demo {
            print("upstream    ok    demo (built-in simulated upstream)")
            return
        }
        var logger = Logger(label: "check")
        logger.logLevel = .critical
        let service: ProxyService
        do {
            service = try ProxyService(settings: settings, logger: logger, environment: loader.environment, resolver: loader.secretResolver)
        } catch let error as CredentialError {
            print("credential  FAIL  \(Redactor.scrub(error.message, secrets: settings.secrets))")
            throw ProxyExit.checkFailed
        } catch let error as ConfigError {
            print("config      FAIL  \(error)")
            throw ProxyExit.configError
        }
        var failed = false
        for (name, reason) in service.runtime.current.pool.unavailable {
            print("credential  FAIL  \(name): \(Redactor.scrub(reason, secrets: settings.secrets))")
            failed = true
        }
        for target in service.runtime.current.pool.targets {
            failed = await check(target, service: service, secrets: settings.secrets) || failed
        }
        await service.shutdown()
        if failed { throw ProxyExit.checkFailed }
    }

    /// Prints the credential and upstream lines for one upstream; true when something failed.
    private func check(_ target: UpstreamPool.Target, service: ProxyService, secrets: [String]) async -> Bool {
        let name = target.upstream.name
        do {
            let credential = try await target.cache?.credential()
            let expiry = credential?.expiresAt.map { "expires \(RFC3339.format(unixSeconds: Int($0))) (in \(Int($0 - Date().timeIntervalSince1970)) s)" } ?? "does not expire"
            print("credential  ok    \(name): \(target.credentialKind) \(target.credentialID) from \(target.credentialSource); \(expiry)")
        } catch {
            print("credential  FAIL  \(name): \(target.credentialKind) \(target.credentialID): \(Redactor.scrub("\(error)", secrets: secrets))")
            return true
        }
        if case .bedrock(let region) = target.upstream.kind {
            // The identity that signs (the access key id, shortened) or the bearer key, and where it came from.
            let identity = (try? await target.cache?.credential())?.aws.map {
                "access key \($0.redactedAccessKeyID)\($0.sessionToken == nil ? "" : " (temporary)")"
            }
                ?? "Bedrock API key \(target.credentialID)"
            print("bedrock     ok    \(name): region \(region), \(identity), source \(target.credentialSource)")
        } else if target.upstream.kind != .anthropic {
            print("upstream    ok    \(name) \(target.baseURL): Vertex AI (no models endpoint; credential checked)")
            return false
        }
        do {
            let models = try await ModelsFetcher(client: service.client).fetch(target: target, timeoutSeconds: 15)
            let list = target.upstream.kind.isBedrock ? " (ListFoundationModels + ListInferenceProfiles)" : ""
            print("upstream    ok    \(name) \(target.baseURL): \(models.count) models\(list)")
            return false
        } catch {
            print("upstream    FAIL  \(name) \(target.baseURL): \(Redactor.scrub("\(error)", secrets: secrets))")
            return true
        }
    }
}
