import Foundation
import ProxyCore

/// AWS credentials from a profile's `credential_process` (upstreams.md §5.7): the command is
/// split into arguments and run without a shell; its stdout must be version 1 JSON
/// (`{"Version":1,"AccessKeyId":…,"SecretAccessKey":…,"SessionToken":…,"Expiration":…}`).
/// A non-zero exit is an error carrying the program's stderr. With an `Expiration`, every refresh
/// runs the command again.
public struct AWSProcessProvider: CredentialProvider {
    public let kind = "aws"
    public let source: String
    public let command: String
    private let arguments: [String]
    private let environment: [String: String]
    private let runner: ProcessRunner
    private let now: @Sendable () -> Double

    /// How long the command may run: long enough for an interactive SSO or MFA helper.
    public static let defaultTimeout: Duration = .seconds(60)

    public init(
        command: String, profile: String, environment: [String: String], timeout: Duration = defaultTimeout,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) throws(CredentialError) {
        do {
            arguments = try AWSCommandLine.split(command)
        } catch AWSCommandLine.SplitError.unterminatedQuote {
            throw CredentialError(
                "credential_process of profile \(profile) has a quote that is not closed; fix its quoting.")
        } catch {
            throw CredentialError("credential_process of profile \(profile) ends with a backslash; fix its quoting.")
        }
        guard !arguments.isEmpty else { throw CredentialError("credential_process of profile \(profile) is empty.") }
        self.command = command
        self.environment = environment
        self.runner = ProcessRunner(timeout: timeout)
        self.now = now
        self.source = "credential_process (profile \(profile))"
    }

    /// The program, never its arguments (which may carry secrets such as an MFA serial).
    public var redactedID: String { "process \(UserPath.lastComponent(of: arguments[0]))" }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let program = UserPath.lastComponent(of: arguments[0])
        let outcome: ProcessRunner.Outcome
        do {
            outcome = try await runner.run(arguments, environment: environment)
        } catch ProcessRunner.Failure.launch(let reason) {
            throw CredentialError("credential_process failed to start: \(reason).")
        }
        let stderr = Self.quoted(outcome.stderr)
        if outcome.timedOut {
            throw CredentialError(
                "credential_process \(program) did not finish within \(runner.timeout) and was stopped"
                    + (stderr.isEmpty ? "." : "; it wrote: \(stderr)"),
                isTransient: true)
        }
        guard outcome.status == 0 else {
            throw CredentialError(
                "credential_process \(program) exited with status \(outcome.status)"
                    + (stderr.isEmpty ? "." : ": \(stderr)"))
        }
        let origin = "credential_process \(program)"
        guard let json = try? JSONParser.parse(outcome.stdout), case .object(let object) = json else {
            throw CredentialError("\(origin) did not print a JSON object on stdout.")
        }
        guard object["Version"]?.intValue == 1 else {
            let version =
                object["Version"].map { Redactor.redactIfSecretLike(JSONWriter.string($0), limit: 40) } ?? "none"
            throw CredentialError(
                "\(origin) printed credentials with Version \(version); only Version 1 is supported.")
        }
        let keys = try AWSIssuedKeys.parseJSON(outcome.stdout, origin: origin, requireExpiration: false)
        return try keys.issued(origin: origin, now: now())
    }

    /// The program's stderr fit for an error message: words shaped like secrets redacted, cut short.
    static func quoted(_ stderr: [UInt8]) -> String {
        let text = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let words = text.split(whereSeparator: \.isWhitespace).map { word in
            Redactor.looksLikeSecret(String(word)) ? Redactor.redact(String(word)) : String(word)
        }
        let joined = words.joined(separator: " ")
        return joined.count > 500 ? String(joined.prefix(500)) + "…" : joined
    }
}
