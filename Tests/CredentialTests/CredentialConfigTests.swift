import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct CredentialConfigTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    func provider(_ json: String, environment: [String: String] = [:]) throws -> any CredentialProvider {
        var environment = environment
        environment["HOME"] = directory.path
        return try CredentialResolver.fromConfig(
            JSONParser.parse(json), keyPath: "upstreams[0].credential", file: "config.json", environment: environment,
            http: .shared
        ) { reference in
            guard reference.hasPrefix("env:") else { return reference }
            guard let value = environment[String(reference.dropFirst(4))] else {
                throw ConfigError(file: "config.json", key: "upstreams[0].credential.key", reason: "variable not set")
            }
            return value
        }
    }

    func configError(_ json: String) -> ConfigError? {
        do {
            _ = try provider(json)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func apiKeyByReferenceKeepsItsSourceAndHidesTheKey() async throws {
        let key = "sk-ant-api03-configkey-zzzzzzzz-7777"
        let provider = try provider(#"{"type":"api_key","key":"env:MY_KEY"}"#, environment: ["MY_KEY": key])
        #expect(provider.kind == "api_key")
        #expect(provider.source == "env:MY_KEY")
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(credential.headers.map { "\($0.0): \($0.1)" } == ["x-api-key: \(key)"])
        #expect(credential.expiresAt == nil)
        expectNoSecrets(provider.redactedID + provider.source + credential.description, [key])

        let literal = try self.provider(#"{"type":"api_key","key":"\#(key)"}"#)
        #expect(literal.source == "config.json: upstreams[0].credential.key")
    }

    @Test func profileTypeReadsTheNamedProfileFromTheGivenDirectory() throws {
        let view = try TemporaryDirectoryView(directory, "anthropic-config")
        try view.profile("work", baseURL: "https://work.example.com")
        let provider = try provider(#"{"type":"profile","name":"work","configDir":"~/anthropic-config"}"#)
        #expect(provider.kind == "console_oauth")
        #expect(provider.baseURL == "https://work.example.com")
        #expect(provider.source == "profile 'work' in ~/anthropic-config")
    }

    @Test func federationAndGoogleTypesBuildTheirProviders() throws {
        let token = try directory.write("token", "eyJ.x.y")
        let federation = try provider(
            #"{"type":"federation","ruleID":"fdrl_1","organizationID":"org","identityTokenFile":"\#(token)","workspaceID":"default"}"#
        )
        #expect(federation.kind == "federation")
        try directory.write("sa.json", GoogleVectors.serviceAccountJSON)
        #expect(
            try provider(#"{"type":"vertex_service_account","keyFile":"~/sa.json"}"#).kind == "vertex_service_account")
        #expect(try provider(#"{"type":"google_adc","file":"~/sa.json"}"#).kind == "vertex_service_account")
        #expect(try provider(#"{"type":"gce_metadata"}"#).kind == "gce_metadata")
    }

    @Test(arguments: [
        (#"{"key":"x"}"#, "upstreams[0].credential.type", "is required"),
        (#"{"type":"magic"}"#, "upstreams[0].credential.type", "unknown credential type \"magic\""),
        (#"{"type":"api_key"}"#, "upstreams[0].credential.key", "is required"),
        (#"{"type":"api_key","key":"env:UNSET"}"#, "upstreams[0].credential.key", "variable not set"),
        (#"{"type":"api_key","key":"k","keyFile":"x"}"#, "upstreams[0].credential.keyFile", "unknown key"),
        (#"{"type":"api_key","key":5}"#, "upstreams[0].credential.key", "expected a string, got number"),
        (
            #"{"type":"federation","ruleID":"r","organizationID":"o"}"#, "upstreams[0].credential.identityTokenFile",
            "is required"
        ),
        (
            #"{"type":"vertex_service_account","keyFile":"/nonexistent/sa.json"}"#, "upstreams[0].credential.keyFile",
            "not found"
        ),
        (#"{"type":"profile","name":"../x"}"#, "upstreams[0].credential", "profile name"),
    ])
    func configErrorsNameTheKey(json: String, key: String, reason: String) {
        let error = configError(json)
        #expect(error?.file == "config.json")
        #expect(error?.key == key)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }
}
