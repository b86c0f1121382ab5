import ArgumentParser
import Foundation
import ProxyCore
import ProxyServer

/// `claude-proxy check`: validates the configuration, shows the credential, and makes one cheap
/// upstream call (the models list); exits non-zero on any problem.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and test each upstream with one models-list call.")

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
        print("listen      \(settings.startupProblem() == nil ? "ok  " : "FAIL")  http://\(settings.host):\(settings.port)")
        if let problem = settings.startupProblem() {
            print("            \(problem)")
            throw ProxyExit.notConfigured
        }
        if settings.demo {
            print("upstream    ok    demo (built-in simulated upstream)")
            return
        }
        let upstream = settings.upstream
        let key = upstream.apiKey.map(Redactor.redact) ?? "(none)"
        print("credential  ok    \(upstream.name): api key \(key) from \(upstream.credentialSource); expires: never")
        let client = AnthropicClient(timeouts: settings.timeouts)
        defer { Task { await client.shutdown() } }
        do {
            let models = try await ModelsFetcher(client: client).fetch(upstream: upstream, timeoutSeconds: 15)
            print("upstream    ok    \(upstream.name) \(upstream.baseURL): \(models.count) models")
            await client.shutdown()
        } catch {
            print("upstream    FAIL  \(upstream.name) \(upstream.baseURL): \(Redactor.scrub("\(error)", secrets: settings.secrets))")
            await client.shutdown()
            throw ProxyExit.checkFailed
        }
    }
}
