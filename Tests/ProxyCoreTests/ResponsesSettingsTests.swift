import Testing

@testable import ProxyCore

@Suite struct ResponsesSettingsTests {
    @Test func theResponsesSectionIsReadIntoSettings() throws {
        let json = #"{"responses": {"store": false, "maxAgeDays": 7, "maxMegabytes": 250}}"#
        let file = try ConfigFile.parse(Array(json.utf8), file: "/etc/cp.json")
        #expect(file.responses == ResponsesSettings(store: false, maxAgeDays: 7, maxMegabytes: 250))
        let settings = try ProxySettings.resolve(
            file: file, configPath: "/etc/cp.json", environment: ["ANTHROPIC_API_KEY": "k"], flags: .init(),
            resolver: SecretResolver(environment: [:], readFile: { _ in "" }))
        #expect(settings.responses.store == false)
        #expect(settings.responses.maxBytes == 250_000_000)
    }

    @Test func withoutTheSectionResponsesAreStoredForThirtyDaysUpToOneHundredMegabytes() throws {
        #expect(try ConfigFile.parse(Array("{}".utf8), file: "x").responses == nil)
        let partial = try ConfigFile.parse(Array(#"{"responses": {"maxAgeDays": 2}}"#.utf8), file: "x")
        #expect(partial.responses == ResponsesSettings(store: true, maxAgeDays: 2, maxMegabytes: 100))
        let defaults = ProxySettings(upstream: .init(name: "a", baseURL: "http://x", apiKey: nil, credentialSource: "t"))
        #expect(defaults.responses == ResponsesSettings(store: true, maxAgeDays: 30, maxMegabytes: 100))
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let json: String
        let key: String
        var testDescription: String { key }
    }

    static let invalid: [Invalid] = [
        Invalid(json: #"{"responses": {"store": "yes"}}"#, key: "responses.store"),
        Invalid(json: #"{"responses": {"maxAgeDays": 0}}"#, key: "responses.maxAgeDays"),
        Invalid(json: #"{"responses": {"maxAgeDays": 2.5}}"#, key: "responses.maxAgeDays"),
        Invalid(json: #"{"responses": {"maxMegabytes": -1}}"#, key: "responses.maxMegabytes"),
        Invalid(json: #"{"responses": {"maxSize": 1}}"#, key: "responses.maxSize"),
        Invalid(json: #"{"responses": true}"#, key: "responses"),
    ]

    @Test(arguments: invalid) func invalidResponsesValuesNameTheFileAndKey(_ c: Invalid) {
        let error = #expect(throws: ConfigError.self) { try ConfigFile.parse(Array(c.json.utf8), file: "/etc/cp.json") }
        #expect(error?.key == c.key)
        #expect(error?.file == "/etc/cp.json")
    }
}
