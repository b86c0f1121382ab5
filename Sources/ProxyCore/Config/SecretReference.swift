/// A secret as written in the config: a literal, or a reference (`env:NAME`, `file:PATH`,
/// `keychain:SERVICE`) resolved when the configuration is loaded.
public enum SecretReference: Sendable, Equatable {
    case literal(String)
    case environment(String)
    case file(String)
    case keychain(String)

    public init(_ text: String) {
        if text.hasPrefix("env:") {
            self = .environment(String(text.dropFirst(4)))
        } else if text.hasPrefix("file:") {
            self = .file(String(text.dropFirst(5)))
        } else if text.hasPrefix("keychain:") {
            self = .keychain(String(text.dropFirst(9)))
        } else {
            self = .literal(text)
        }
    }

    /// Describes where the secret comes from without revealing it.
    public var source: String {
        switch self {
        case .literal(let value): "config (\(Redactor.redact(value)))"
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        case .keychain(let service): "keychain:\(service)"
        }
    }
}

/// Looks up referenced secrets; injected so that the core stays free of I/O.
public struct SecretResolver: Sendable {
    public var environment: [String: String]
    public var readFile: @Sendable (String) throws -> String
    public var readKeychain: @Sendable (String) throws -> String

    public init(
        environment: [String: String],
        readFile: @escaping @Sendable (String) throws -> String,
        readKeychain: @escaping @Sendable (String) throws -> String = { service in
            throw ConfigError(file: "keychain", key: service, reason: "the macOS Keychain is not available on this system")
        }
    ) {
        self.environment = environment
        self.readFile = readFile
        self.readKeychain = readKeychain
    }

    public func resolve(_ reference: SecretReference, file: String, key: String) throws(ConfigError) -> String {
        switch reference {
        case .literal(let value):
            return value
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigError(file: file, key: key, reason: "refers to environment variable \(name), which is not set")
            }
            return value
        case .file(let path):
            do {
                return try readFile(path).trimmingSpaces()
            } catch {
                throw ConfigError(file: file, key: key, reason: "cannot read secret file \(path): \(error)")
            }
        case .keychain(let service):
            do {
                return try readKeychain(service).trimmingSpaces()
            } catch {
                throw ConfigError(file: file, key: key, reason: "cannot read Keychain item \(service): \(error)")
            }
        }
    }
}
