import ProxyCore

/// The keys of one `credential` object in the config file, read with errors that name the file
/// and the full key path (`upstreams[0].credential.keyFile: …`).
struct CredentialConfigFields {
    let object: JSONObject
    let keyPath: String
    let file: String
    let type: String

    init(_ json: JSONValue, keyPath: String, file: String) throws(ConfigError) {
        guard case .object(let object) = json else {
            throw ConfigError(
                file: file, key: keyPath, reason: "expected an object with a \"type\", got \(json.typeName)")
        }
        self.object = object
        self.keyPath = keyPath
        self.file = file
        guard let type = object["type"]?.stringValue, !type.isEmpty else {
            throw ConfigError(file: file, key: "\(keyPath).type", reason: "is required (a string such as \"api_key\")")
        }
        self.type = type
    }

    func error(_ key: String?, _ reason: String) -> ConfigError {
        ConfigError(file: file, key: key.map { "\(keyPath).\($0)" } ?? keyPath, reason: reason)
    }

    /// Refuses keys other than `type` and `keys`, so a typo is not silently ignored.
    func allow(_ keys: Set<String>) throws(ConfigError) {
        for key in object.keys where key != "type" && !keys.contains(key) {
            let expected =
                keys.isEmpty
                ? "this type takes no other keys" : "expected one of \(keys.sorted().joined(separator: ", "))"
            throw error(key, "unknown key for a \(type) credential; \(expected)")
        }
    }

    func optional(_ key: String) throws(ConfigError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?:
            guard !value.isEmpty else { throw error(key, "must not be empty") }
            return value
        case let other?: throw error(key, "expected a string, got \(other.typeName)")
        }
    }

    func required(_ key: String) throws(ConfigError) -> String {
        guard let value = try optional(key) else { throw error(key, "is required for a \(type) credential") }
        return value
    }

    /// Resolves a secret reference; the resolver's error is reported against `key`.
    func resolve(_ key: String, _ reference: String, with resolveSecret: (String) throws -> String) throws(ConfigError)
        -> String
    {
        do {
            let value = try resolveSecret(reference)
            guard !value.isEmpty else { throw error(key, "resolves to an empty value") }
            return value
        } catch let failure as ConfigError {
            throw failure
        } catch {
            throw self.error(key, "cannot be resolved: \(error)")
        }
    }
}
