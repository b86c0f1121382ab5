import ArgumentParser
import Foundation
import Logging
import ProxyCore
import ProxyServer

/// `claude-proxy models`: prints the resolved model table (alias → upstream id → upstream).
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "Print the resolved model table: alias → upstream id → upstream.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        var settings: ProxySettings
        do {
            settings = try ConfigLoader(options: options).load().settings
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("claude-proxy: configuration error: \(error)\n".utf8))
            throw ProxyExit.configError
        }
        var fakeTask: Task<Void, Error>?
        if settings.demo {
            let (task, port) = try await ProxyRuntime.startDemoUpstream()
            fakeTask = task
            settings.upstream.baseURL = "http://127.0.0.1:\(port)"
        }
        defer { fakeTask?.cancel() }
        var catalog = ModelCatalog(aliases: settings.aliases)
        var note = ""
        var logger = Logger(label: "models")
        logger.logLevel = .critical
        let loader = ConfigLoader(options: options)
        do {
            let service = try ProxyService(settings: settings, logger: logger, environment: loader.environment, resolver: loader.secretResolver)
            do {
                catalog.liveModels = try await ModelsFetcher(client: service.client).fetch(pool: service.runtime.current.pool, timeoutSeconds: 15)
            } catch {
                note = "live list unavailable (\(Redactor.scrub("\(error)", secrets: settings.secrets))); aliases show built-in fallbacks"
            }
            await service.shutdown()
        } catch {
            note = "no usable credential (\(Redactor.scrub("\(error)", secrets: settings.secrets))); aliases show built-in fallbacks"
        }
        let rows = catalog.listing().map { entry -> (String, String, String) in
            let target = (try? catalog.resolve(entry.id).get())?.upstreamID ?? "?"
            return (entry.id, target, settings.upstream.name)
        }
        let width = max(12, rows.map(\.0.count).max() ?? 0)
        let targetWidth = max(12, rows.map(\.1.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        print("\(pad("NAME", width))  \(pad("UPSTREAM ID", targetWidth))  UPSTREAM")
        for (name, target, upstream) in rows { print("\(pad(name, width))  \(pad(target, targetWidth))  \(upstream)") }
        if !note.isEmpty { print("note: \(note)") }
    }
}
