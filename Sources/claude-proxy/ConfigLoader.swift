import Foundation
import ProxyCore
import ProxyServer

/// Finds, reads and resolves the configuration: flags > environment > file > defaults.
struct ConfigLoader {
    let options: ServerOptions
    let environment: [String: String]

    init(options: ServerOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.environment = environment
    }

    /// The config path and whether the user named it (a named file must exist).
    var configPath: (path: String, explicit: Bool) {
        if let path = options.config { return (path, true) }
        if let path = environment["CLAUDE_PROXY_CONFIG"], !path.isEmpty { return (path, true) }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return (base + "/claude-proxy/config.json", false)
    }

    /// Loads the settings, with any warnings (e.g. a config file others can read).
    func load(demo: Bool? = nil) throws -> (settings: ProxySettings, warnings: [String]) {
        let (path, explicit) = configPath
        var warnings: [String] = []
        var file: ConfigFile?
        var usedPath: String?
        if FileManager.default.fileExists(atPath: path) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            if let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
                warnings.append(
                    "\(path) can be read by other users (mode \(String(mode, radix: 8))); it may hold secrets: chmod 600 \(path)")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError(file: path, reason: "cannot read the file")
            }
            file = try ConfigFile.parse(Array(data), file: path)
            usedPath = path
        } else if explicit {
            throw ConfigError(file: path, reason: "no such file")
        }
        var flags = ProxySettings.Flags()
        flags.host = options.host
        flags.port = options.port
        flags.demo = demo ?? options.demo
        flags.allowRemoteWithoutKeys = options.allowRemoteWithoutKeys
        flags.awsProfileRegion = { AWSRegionResolver.region(environment: $0) }
        let settings = try ProxySettings.resolve(
            file: file, configPath: usedPath, environment: environment, flags: flags, resolver: secretResolver)
        return (settings, warnings)
    }

    /// Resolves `env:`, `file:` and `keychain:` references.
    var secretResolver: SecretResolver {
        SecretResolver(
            environment: environment,
            readFile: { path in
                let expanded = (path as NSString).expandingTildeInPath
                guard let data = FileManager.default.contents(atPath: expanded) else {
                    throw ConfigError(file: expanded, reason: "cannot read the file")
                }
                return String(decoding: data, as: UTF8.self)
            },
            readKeychain: KeychainReader.read)
    }
}

/// Reads a Keychain item the user names (`keychain:SERVICE`) through `/usr/bin/security` on macOS.
enum KeychainReader {
    @Sendable static func read(service: String) throws -> String {
        let tool = "/usr/bin/security"
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw ConfigError(file: "keychain", key: service, reason: "the macOS Keychain is not available on this system")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["find-generic-password", "-s", service, "-w"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ConfigError(file: "keychain", key: service, reason: "no Keychain item with service name '\(service)'")
        }
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
