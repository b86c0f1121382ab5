import Foundation
import ProxyCore
import Testing

@Suite struct ShutdownAndLimitsConfigTests {
    let resolver = SecretResolver(environment: [:], readFile: { path in throw ConfigError(file: path, reason: "missing") })

    func settings(_ text: String) throws -> ProxySettings {
        let file = try ConfigFile.parse(Array(text.utf8), file: "/etc/cp.json")
        return try ProxySettings.resolve(
            file: file, configPath: "/etc/cp.json", environment: ["ANTHROPIC_API_KEY": "sk-ant-x"], flags: .init(),
            resolver: resolver)
    }

    @Test func defaultsAreWhatAUserExpects() throws {
        let defaults = try settings("{}")
        #expect(defaults.shutdownGraceSeconds == 30)
        #expect(defaults.maxConnections == nil)
        #expect(defaults.timeouts.firstByteDeadline(stream: true) == 60)
        #expect(defaults.timeouts.firstByteDeadline(stream: false) == 600)
        #expect(defaults.timeouts.clientReadSeconds == 30)
        #expect(defaults.timeouts.clientIdleSeconds == 60)
    }

    @Test func shutdownLimitsAndClientTimeoutsAreRead() throws {
        let read = try settings(
            #"""
            {"shutdown":{"graceSeconds":2},"limits":{"maxConnections":100},
             "timeouts":{"clientReadSeconds":3,"clientIdleSeconds":4,"nonStreamingSeconds":120,"firstByteSeconds":20}}
            """#)
        #expect(read.shutdownGraceSeconds == 2)
        #expect(read.maxConnections == 100)
        #expect(read.timeouts.clientReadSeconds == 3)
        #expect(read.timeouts.clientIdleSeconds == 4)
        #expect(read.timeouts.firstByteDeadline(stream: false) == 120)
        #expect(read.timeouts.firstByteDeadline(stream: true) == 20)
    }

    @Test func unknownShutdownKeyAndOutOfRangeValuesAreErrorsNamingTheKey() {
        #expect(throws: ConfigError.self) { try settings(#"{"shutdown":{"grace":2}}"#) }
        do {
            _ = try settings(#"{"limits":{"maxConnections":0}}"#)
            Issue.record("maxConnections 0 was accepted")
        } catch {
            #expect("\(error)".contains("limits.maxConnections"))
        }
    }

    @Test func defaultConnectionCapLeavesDescriptorsForUpstreamsAndTheProcess() {
        #expect(ConnectionLimits.defaultMaxConnections(descriptorLimit: 1024) == 480)
        #expect(ConnectionLimits.defaultMaxConnections(descriptorLimit: 256) == 96)
        #expect(ConnectionLimits.defaultMaxConnections(descriptorLimit: 40) == 16)
        #expect(ConnectionLimits.defaultMaxConnections(descriptorLimit: 1_048_576) == ConnectionLimits.ceiling)
    }

    @Test func aConfiguredCapIsKeptWithinWhatTheDescriptorsAllow() {
        #expect(ConnectionLimits.effective(configured: 100, descriptorLimit: 1024) == 100)
        #expect(ConnectionLimits.effective(configured: 5000, descriptorLimit: 1024) == 480)
        #expect(ConnectionLimits.effective(configured: 20_000, descriptorLimit: 1_048_576) == 20_000)
        #expect(ConnectionLimits.effective(configured: nil, descriptorLimit: 1024) == 480)
    }
}
