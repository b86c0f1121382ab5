import Foundation
import Testing

@testable import ProxyServer

@Suite struct AWSProcessProviderTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// An executable script in the scratch directory (the script has a shebang; the proxy runs it
    /// directly, never through a shell).
    func script(_ name: String, _ body: String) throws -> String {
        try directory.write(name, "#!/bin/sh\n" + body + "\n", mode: 0o700)
    }

    func provider(_ command: String, timeout: Duration = .seconds(10), now: Double = 1_700_000_000) throws
        -> AWSProcessProvider
    {
        try AWSProcessProvider(
            command: command, profile: "default", environment: ["PATH": "/usr/bin:/bin"], timeout: timeout,
            now: { now })
    }

    @Test func commandLineIsSplitLikeAShellWithoutRunningOne() throws {
        #expect(
            try AWSCommandLine.split(#"aws  configure export-credentials --profile 'my prof' "a\"b" c\ d"#)
                == ["aws", "configure", "export-credentials", "--profile", "my prof", #"a"b"#, "c d"])
        #expect(try AWSCommandLine.split(#"echo $HOME "$(id)" ''"#) == ["echo", "$HOME", "$(id)", ""])
        #expect(throws: AWSCommandLine.SplitError.unterminatedQuote) { try AWSCommandLine.split("a 'b") }
        #expect(throws: AWSCommandLine.SplitError.trailingBackslash) { try AWSCommandLine.split("a \\") }
    }

    @Test func versionOneJSONBecomesExpiringCredentialsAndArgumentsArriveVerbatim() async throws {
        let path = try script(
            "helper",
            #"""
            [ "$1" = "--tag" ] && [ "$2" = 'two words; $HOME' ] || { echo "bad args: $*" >&2; exit 3; }
            echo '{"Version":1,"AccessKeyId":"ASIAPROCESS","SecretAccessKey":"process-secret-value","SessionToken":"tok","Expiration":"2026-11-24T20:00:00Z"}'
            """#)
        let provider = try provider(#"\#(path) --tag 'two words; $HOME'"#)
        #expect(provider.source == "credential_process (profile default)")
        #expect(provider.redactedID == "process helper")
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(credential.aws?.accessKeyID == "ASIAPROCESS")
        #expect(credential.aws?.sessionToken == "tok")
        #expect(credential.secret == "process-secret-value" && credential.headers.isEmpty)
        #expect(credential.expiresAt == 1_795_550_400)
    }

    @Test func nonZeroExitCarriesStderrWithSecretsRedacted() async throws {
        let path = try script(
            "failing",
            "echo 'SSO session expired; run aws sso login token=AbCdEf0123456789AbCdEf0123456789' >&2; exit 2")
        let message = try #require(await errorText { _ = try await provider(path).fetch(forceRefresh: false) })
        #expect(message.contains("credential_process failing exited with status 2: SSO session expired; run aws sso"))
        expectNoSecrets(message, ["AbCdEf0123456789AbCdEf0123456789"])
    }

    @Test func otherVersionsMissingFieldsAndExpiredCredentialsAreRefused() async throws {
        let v2 = try script("v2", #"echo '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"}'"#)
        #expect(
            await errorText { _ = try await provider(v2).fetch(forceRefresh: false) }?.contains("Version 2") == true)
        let noSecret = try script("nosecret", #"echo '{"Version":1,"AccessKeyId":"A"}'"#)
        #expect(
            await errorText { _ = try await provider(noSecret).fetch(forceRefresh: false) }?
                .contains("no SecretAccessKey") == true)
        let expired = try script(
            "expired",
            #"echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2020-01-01T00:00:00Z"}'"#)
        #expect(
            await errorText { _ = try await provider(expired).fetch(forceRefresh: false) }?
                .contains("expired at 2020-01-01 00:00:00 UTC") == true)
    }

    @Test func aHangingCommandIsStoppedAtTheTimeout() async throws {
        let path = try script("hang", "echo waiting >&2; exec sleep 120")
        let started = ContinuousClock.now
        let message = try #require(
            await errorText { _ = try await provider(path, timeout: .milliseconds(500)).fetch(forceRefresh: false) })
        // Far below the script's 120 s, with room for a loaded machine running the whole suite.
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(message.contains("did not finish within"))
        #expect(message.contains("waiting"))
    }

    @Test func aMissingProgramSaysSo() async throws {
        let message = try #require(
            await errorText { _ = try await provider("no-such-credential-helper --x").fetch(forceRefresh: false) })
        #expect(message.contains("no-such-credential-helper was not found on PATH"))
    }
}
