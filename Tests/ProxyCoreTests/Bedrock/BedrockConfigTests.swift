import ProxyCore
import Testing

/// `kind: "bedrock"` upstreams in the config file: region sources, endpoint override, errors.
@Suite struct BedrockConfigTests {
    let resolver = SecretResolver(environment: ["BRK": "bedrock-api-key-abc"], readFile: { _ in "" })

    func settings(_ text: String, environment: [String: String] = [:], flags: ProxySettings.Flags = .init()) throws(ConfigError) -> ProxySettings {
        let file = try ConfigFile.parse(Array(text.utf8), file: "/etc/cp.json")
        return try ProxySettings.resolve(file: file, configPath: "/etc/cp.json", environment: environment, flags: flags, resolver: resolver)
    }

    @Test func aBedrockUpstreamTakesItsRegionAndDefaultEndpoints() throws {
        let resolved = try settings(#"{"upstream":{"kind":"bedrock","region":"eu-west-1"}}"#)
        #expect(resolved.upstream.kind == .bedrock(region: "eu-west-1"))
        #expect(resolved.upstream.baseURL == "https://bedrock-runtime.eu-west-1.amazonaws.com")
        #expect(resolved.upstream.bedrockControlURL == "https://bedrock.eu-west-1.amazonaws.com")
        #expect(resolved.upstream.bedrockGeography == "eu")
        #expect(resolved.upstream.apiKey == nil)
    }

    @Test func theRegionComesFromTheEnvironmentThenTheProfile() throws {
        let fromEnv = try settings(#"{"upstream":{"kind":"bedrock"}}"#, environment: ["AWS_DEFAULT_REGION": "us-west-2", "AWS_REGION": "us-east-2"])
        #expect(fromEnv.upstream.kind == .bedrock(region: "us-east-2"))
        var flags = ProxySettings.Flags()
        flags.awsProfileRegion = { _ in "ap-southeast-2" }
        let fromProfile = try settings(#"{"upstream":{"kind":"bedrock"}}"#, flags: flags)
        #expect(fromProfile.upstream.kind == .bedrock(region: "ap-southeast-2"))
    }

    @Test func aMissingRegionNamesTheKey() {
        #expect {
            _ = try settings(#"{"upstreams":[{"kind":"bedrock","name":"b"}]}"#)
        } throws: { error in
            let error = error as? ConfigError
            return error?.key == "upstreams[0].region" && error?.reason.contains("AWS_REGION") == true
        }
    }

    @Test func anEndpointServesBothPlanesAndAnAPIKeyIsResolved() throws {
        let resolved = try settings(
            #"{"upstream":{"kind":"bedrock","region":"us-east-1","endpoint":"http://127.0.0.1:9/","apiKey":"env:BRK","inferenceProfile":"global"}}"#)
        #expect(resolved.upstream.baseURL == "http://127.0.0.1:9")
        #expect(resolved.upstream.bedrockControlURL == "http://127.0.0.1:9")
        #expect(resolved.upstream.apiKey == "bedrock-api-key-abc")
        #expect(resolved.upstream.bedrockGeography == "global")
    }

    @Test func bedrockKeysAreRefusedElsewhereAndBadValuesNamed() {
        #expect(throws: ConfigError.self) { _ = try settings(#"{"upstream":{"kind":"anthropic","endpoint":"http://x"}}"#) }
        #expect(throws: ConfigError.self) { _ = try settings(#"{"upstream":{"kind":"bedrock","region":"us-east-1","inferenceProfile":"mars"}}"#) }
        #expect(throws: ConfigError.self) { _ = try settings(#"{"upstream":{"kind":"bedrock","region":"us-east-1","endpoint":"ftp://x"}}"#) }
        #expect(throws: ConfigError.self) { _ = try settings(#"{"upstream":{"kind":"azure"}}"#) }
    }
}
