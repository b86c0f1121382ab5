extension ProxySettings {
    /// A `kind: "bedrock"` upstream: the region from the entry, `AWS_REGION`, `AWS_DEFAULT_REGION` or
    /// the AWS profile; the runtime endpoint from `endpoint`/`baseURL`, `ANTHROPIC_BEDROCK_BASE_URL`
    /// or the region; a Bedrock API key from `apiKey` (otherwise the server finds AWS credentials).
    static func bedrockUpstream(
        _ entry: ConfigFile.Upstream, source: String, environment: [String: String], flags: Flags, resolver: SecretResolver
    ) throws(ConfigError) -> Upstream {
        let nonEmpty: (String) -> String? = { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        guard
            let region = entry.region ?? nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION")
                ?? flags.awsProfileRegion?(environment)
        else {
            throw ConfigError(
                file: source, key: "\(entry.keyPath).region",
                reason: "a Bedrock upstream needs an AWS region (e.g. us-east-1): set it here, or AWS_REGION, or "
                    + "region in your AWS profile")
        }
        guard region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !region.isEmpty else {
            throw ConfigError(file: source, key: "\(entry.keyPath).region", reason: "'\(Redactor.truncate(region))' is not an AWS region name")
        }
        var base = entry.endpoint ?? entry.baseURL ?? nonEmpty("ANTHROPIC_BEDROCK_BASE_URL") ?? UpstreamRoute.bedrockRuntimeURL(region: region)
        if base.hasSuffix("/") { base.removeLast() }
        var control = entry.controlEndpoint ?? ((entry.endpoint ?? entry.baseURL) != nil ? base : UpstreamRoute.bedrockControlURL(region: region))
        if control.hasSuffix("/") { control.removeLast() }
        var apiKey: String?
        var credentialSource = "AWS credentials (AWS_BEARER_TOKEN_BEDROCK, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
        if entry.credential != nil {
            credentialSource = "\(source): \(entry.keyPath).credential"
        } else if let reference = entry.apiKey {
            apiKey = try resolver.resolve(reference, file: source, key: "\(entry.keyPath).apiKey")
            credentialSource = reference.source
        }
        var upstream = Upstream(
            name: entry.name, kind: .bedrock(region: region), baseURL: base, apiKey: apiKey, credential: entry.credential,
            credentialSource: credentialSource, priority: entry.priority, keyPath: entry.keyPath)
        upstream.bedrockControlURL = control
        switch entry.inferenceProfile {
        case "none"?: upstream.bedrockGeography = nil
        case let profile?: upstream.bedrockGeography = profile
        case nil: upstream.bedrockGeography = BedrockModelMap.geography(forRegion: region)
        }
        return upstream
    }
}
