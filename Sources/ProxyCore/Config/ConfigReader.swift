/// Reads a `ConfigFile` out of parsed JSON with errors naming the key path.
struct ConfigReader {
    let file: String

    func fail(_ key: String, _ reason: String) -> ConfigError { ConfigError(file: file, key: key, reason: reason) }

    /// A value from the file as an error may quote it: a pasted key is redacted, a long value cut.
    func quoted(_ value: String) -> String { "'\(Redactor.redactIfSecretLike(value))'" }

    func object(_ value: JSONValue, _ key: String, allowed: Set<String>) throws(ConfigError) -> JSONObject {
        guard let object = value.objectValue else { throw fail(key, "expected an object, got \(value.typeName)") }
        for name in object.keys where !allowed.contains(name) {
            let prefix = key.isEmpty ? "" : "\(key)."
            throw fail(
                "\(prefix)\(name)", "unknown key (allowed here: \(allowed.sorted().joined(separator: ", ")))")
        }
        return object
    }

    func string(_ value: JSONValue?, _ key: String) throws(ConfigError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let string = value.stringValue else { throw fail(key, "expected a string, got \(value.typeName)") }
        return string
    }

    func int(_ value: JSONValue?, _ key: String, range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let int = value.intValue else { throw fail(key, "expected an integer, got \(value.typeName)") }
        guard range.contains(int) else { throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(int)") }
        return int
    }

    func bool(_ value: JSONValue?, _ key: String) throws(ConfigError) -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw fail(key, "expected true or false, got \(value.typeName)") }
        return bool
    }

    mutating func read(_ json: JSONValue) throws(ConfigError) -> ConfigFile {
        let root = try object(
            json, "",
            allowed: [
                "$schema", "_comment", "listen", "clientKeys", "upstream", "upstreams", "models", "identity",
                "promptCaching", "retries", "timeouts", "limits", "shutdown", "adminToken", "logFile", "budget", "budgets",
                "ledger", "prices", "responses",
            ])
        var config = ConfigFile()
        if let listen = root["listen"] {
            let object = try object(listen, "listen", allowed: ["host", "port", "allowRemoteWithoutKeys"])
            config.host = try string(object["host"], "listen.host")
            config.port = try int(object["port"], "listen.port", range: 0...65535)
            config.allowRemoteWithoutKeys = try bool(object["allowRemoteWithoutKeys"], "listen.allowRemoteWithoutKeys")
        }
        if let keys = root["clientKeys"] {
            guard let list = keys.arrayValue else { throw fail("clientKeys", "expected an array") }
            config.clientKeys = try list.enumerated().map { (index, entry) throws(ConfigError) -> ConfigFile.ClientKey in
                let key = "clientKeys[\(index)]"
                if let literal = entry.stringValue {
                    return .init(name: "key\(index + 1)", key: SecretReference(literal))
                }
                let object = try object(entry, key, allowed: ["name", "key"])
                guard let secret = try string(object["key"], "\(key).key"), !secret.isEmpty else {
                    throw fail("\(key).key", "missing")
                }
                return .init(name: try string(object["name"], "\(key).name") ?? "key\(index + 1)", key: SecretReference(secret))
            }
        }
        if let upstream = root["upstream"] { config.upstreams.append(try self.upstream(upstream, "upstream")) }
        if let upstreams = root["upstreams"] {
            guard let list = upstreams.arrayValue else { throw fail("upstreams", "expected an array") }
            for (index, entry) in list.enumerated() { config.upstreams.append(try upstream(entry, "upstreams[\(index)]")) }
        }
        var names = Set<String>()
        for upstream in config.upstreams where !names.insert(upstream.name).inserted {
            throw fail("\(upstream.keyPath).name", "another upstream is already called \(quoted(upstream.name)); names must be unique")
        }
        try readModels(root["models"], into: &config)
        try readBehaviour(root, into: &config)
        try readBudgets(root, into: &config)
        try readLedger(root, into: &config)
        try readResponses(root, into: &config)
        return config
    }

    func upstream(_ value: JSONValue, _ key: String) throws(ConfigError) -> ConfigFile.Upstream {
        let object = try object(
            value, key,
            allowed: [
                "name", "kind", "baseURL", "apiKey", "priority", "credential", "project", "region", "endpoint",
                "controlEndpoint", "inferenceProfile",
            ])
        var upstream = ConfigFile.Upstream()
        upstream.keyPath = key
        upstream.kind = try string(object["kind"], "\(key).kind") ?? "anthropic"
        upstream.name = try string(object["name"], "\(key).name") ?? upstream.kind
        guard ["anthropic", "vertex", "bedrock"].contains(upstream.kind) else {
            throw fail(
                "\(key).kind",
                "\(quoted(upstream.kind)) upstreams are not supported by this version; use 'anthropic', 'vertex' or 'bedrock'")
        }
        for field in ["endpoint", "controlEndpoint", "inferenceProfile"] where object[field] != nil && upstream.kind != "bedrock" {
            throw fail("\(key).\(field)", "only applies to 'bedrock' upstreams")
        }
        for field in ["endpoint", "controlEndpoint"] {
            if let url = try string(object[field], "\(key).\(field)") {
                guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                    throw fail("\(key).\(field)", "must start with http:// or https://, got \(quoted(url))")
                }
                if field == "endpoint" { upstream.endpoint = url } else { upstream.controlEndpoint = url }
            }
        }
        if let profile = try string(object["inferenceProfile"], "\(key).inferenceProfile") {
            guard ["us", "eu", "apac", "global", "us-gov", "jp", "au", "none"].contains(profile) else {
                throw fail("\(key).inferenceProfile", "expected us, eu, apac, global or none, got \(quoted(profile))")
            }
            upstream.inferenceProfile = profile
        }
        upstream.project = try string(object["project"], "\(key).project")
        upstream.region = try string(object["region"], "\(key).region")
        if let credential = object["credential"] {
            guard credential.objectValue != nil else {
                throw fail("\(key).credential", "expected an object such as {\"type\": \"api_key\", \"key\": \"env:NAME\"}")
            }
            upstream.credential = credential
        }
        if let base = try string(object["baseURL"], "\(key).baseURL") {
            guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
                throw fail("\(key).baseURL", "must start with http:// or https://, got \(quoted(base))")
            }
            upstream.baseURL = base
        }
        if let apiKey = try string(object["apiKey"], "\(key).apiKey") {
            guard upstream.credential == nil else {
                throw fail("\(key).apiKey", "set either apiKey or credential, not both")
            }
            upstream.apiKey = SecretReference(apiKey)
        }
        upstream.priority = try int(object["priority"], "\(key).priority", range: -1000...1000) ?? 0
        return upstream
    }

    func readModels(_ value: JSONValue?, into config: inout ConfigFile) throws(ConfigError) {
        guard let value else { return }
        let models = try object(value, "models", allowed: ["aliases", "defaultMaxTokens", "refreshSeconds"])
        if let aliases = models["aliases"] {
            let object = try object(aliases, "models.aliases", allowed: Set(aliases.objectValue?.keys ?? []))
            for (alias, target) in object.pairs {
                guard let target = target.stringValue, !target.isEmpty else {
                    throw fail("models.aliases.\(alias)", "expected a model id or 'family:NAME'")
                }
                config.aliases[alias] = target
            }
        }
        config.defaultMaxTokens = try int(models["defaultMaxTokens"], "models.defaultMaxTokens", range: 1...1_000_000)
        config.modelsRefreshSeconds = try int(models["refreshSeconds"], "models.refreshSeconds", range: 10...86_400)
    }

    func readBehaviour(_ root: JSONObject, into config: inout ConfigFile) throws(ConfigError) {
        if let identity = root["identity"] {
            let object = try object(identity, "identity", allowed: ["systemPrompt", "mode"])
            var settings = IdentitySettings()
            settings.systemPrompt = try string(object["systemPrompt"], "identity.systemPrompt")
            if let mode = try string(object["mode"], "identity.mode") {
                guard let parsed = IdentitySettings.Mode(rawValue: mode) else {
                    throw fail("identity.mode", "expected default, prepend or replace, got \(quoted(mode))")
                }
                settings.mode = parsed
            }
            config.identity = settings
        }
        if let caching = root["promptCaching"] {
            let object = try object(caching, "promptCaching", allowed: ["mode", "minimumCharacters"])
            var settings = PromptCachingSettings()
            if let mode = try string(object["mode"], "promptCaching.mode") {
                guard mode == "auto" || mode == "off" else { throw fail("promptCaching.mode", "expected auto or off, got \(quoted(mode))") }
                settings.automatic = mode == "auto"
            }
            settings.minimumCharacters =
                try int(object["minimumCharacters"], "promptCaching.minimumCharacters", range: 0...10_000_000)
                ?? settings.minimumCharacters
            config.promptCaching = settings
        }
        if let retries = root["retries"] {
            let object = try object(retries, "retries", allowed: ["maxRetries", "initialBackoffMs", "maxBackoffMs"])
            var settings = RetrySettings()
            settings.maxRetries = try int(object["maxRetries"], "retries.maxRetries", range: 0...10) ?? settings.maxRetries
            settings.initialBackoffMs =
                try int(object["initialBackoffMs"], "retries.initialBackoffMs", range: 0...60_000) ?? settings.initialBackoffMs
            settings.maxBackoffMs =
                try int(object["maxBackoffMs"], "retries.maxBackoffMs", range: 0...600_000) ?? settings.maxBackoffMs
            config.retries = settings
        }
        if let timeouts = root["timeouts"] {
            let object = try object(
                timeouts, "timeouts",
                allowed: [
                    "connectSeconds", "firstByteSeconds", "idleSeconds", "nonStreamingSeconds", "clientReadSeconds",
                    "clientIdleSeconds",
                ])
            var settings = TimeoutSettings()
            settings.connectSeconds =
                try int(object["connectSeconds"], "timeouts.connectSeconds", range: 1...600) ?? settings.connectSeconds
            settings.firstByteSeconds =
                try int(object["firstByteSeconds"], "timeouts.firstByteSeconds", range: 1...3600) ?? settings.firstByteSeconds
            settings.idleSeconds = try int(object["idleSeconds"], "timeouts.idleSeconds", range: 1...3600) ?? settings.idleSeconds
            settings.nonStreamingSeconds =
                try int(object["nonStreamingSeconds"], "timeouts.nonStreamingSeconds", range: 1...7200)
                ?? settings.nonStreamingSeconds
            settings.clientReadSeconds =
                try int(object["clientReadSeconds"], "timeouts.clientReadSeconds", range: 1...3600) ?? settings.clientReadSeconds
            settings.clientIdleSeconds =
                try int(object["clientIdleSeconds"], "timeouts.clientIdleSeconds", range: 1...3600) ?? settings.clientIdleSeconds
            config.timeouts = settings
        }
        if let limits = root["limits"] {
            let object = try object(
                limits, "limits", allowed: ["maxBodyBytes", "maxConnections", "maxUpstreamConnections", "queueSeconds"])
            config.maxBodyBytes = try int(object["maxBodyBytes"], "limits.maxBodyBytes", range: 1024...(256 << 20))
            config.maxConnections = try int(object["maxConnections"], "limits.maxConnections", range: 1...1_000_000)
            config.maxUpstreamConnections = try int(
                object["maxUpstreamConnections"], "limits.maxUpstreamConnections", range: 1...ProxySettings.upstreamConnectionCeiling)
            config.queueSeconds = try int(object["queueSeconds"], "limits.queueSeconds", range: 0...600)
        }
        if let shutdown = root["shutdown"] {
            let object = try object(shutdown, "shutdown", allowed: ["graceSeconds"])
            config.shutdownGraceSeconds = try int(object["graceSeconds"], "shutdown.graceSeconds", range: 0...3600)
        }
        if let token = try string(root["adminToken"], "adminToken") { config.adminToken = SecretReference(token) }
        config.logFile = try string(root["logFile"], "logFile")
    }
}
