import Foundation
import ProxyCore
import Synchronization
import Testing

@testable import ProxyServer

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let value: Mutex<Double>

    init(_ start: Double = 1_800_000_000) { value = Mutex(start) }

    var now: Double { value.withLock { $0 } }
    func advance(_ seconds: Double) { value.withLock { $0 += seconds } }
    func set(_ time: Double) { value.withLock { $0 = time } }
    var function: @Sendable () -> Double { { [self] in self.now } }
}

/// Collects everything a test can see published.
final class StatusLog: Sendable {
    private let entries = Mutex<[CredentialStatus]>([])
    var all: [CredentialStatus] { entries.withLock { $0 } }
    var last: CredentialStatus? { all.last }
    var sink: @Sendable (CredentialStatus) -> Void { { [self] status in entries.withLock { $0.append(status) } } }

    /// Every human-readable string in the published statuses.
    var text: String {
        all.map { "\($0.redactedID) \($0.message ?? "") \($0.lastRefreshResult ?? "") \($0.kind)" }.joined(
            separator: "\n")
    }
}

/// A scratch directory removed at the end of the test.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("credtests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ relative: String) -> String { path + "/" + relative }

    @discardableResult
    func write(_ relative: String, _ contents: String, mode: Int = 0o600) throws -> String {
        let target = file(relative)
        let parent = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: target)
        return target
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: file(relative), encoding: .utf8)
    }
}

func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// Fails the test when `text` contains any of `secrets`.
func expectNoSecrets(_ text: String, _ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    for secret in secrets where !secret.isEmpty {
        #expect(!text.contains(secret), "a secret leaked into: \(text)", sourceLocation: sourceLocation)
    }
}

/// The error a call throws, as its message (and `description`), or nil when it did not throw.
func errorText(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as CredentialError {
        return error.message + "\n" + error.description + "\n" + String(describing: error)
    } catch {
        return "\(error)"
    }
}

/// The parsed JSON body of a recorded request.
func jsonBody(_ request: RecordedRequest) -> JSONValue? {
    try? JSONParser.parse(request.body)
}

/// A Console-login profile on disk: `configs/<name>.json` and `credentials/<name>.json`.
func writeProfile(
    in directory: TemporaryDirectory, name: String = "default", clientID: String? = "client-abc",
    workspaceID: String? = nil, baseURL: String? = nil, accessToken: String, refreshToken: String? = nil,
    expiresAt: Double?, credentialsMode: Int = 0o600
) throws {
    var auth = JSONObject([("type", "user_oauth")])
    if let clientID { auth["client_id"] = .string(clientID) }
    var config = JSONObject([("authentication", .object(auth)), ("organization_id", "org-uuid-1234-5678-9abc")])
    if let workspaceID { config["workspace_id"] = .string(workspaceID) }
    if let baseURL { config["base_url"] = .string(baseURL) }
    try directory.write("configs/\(name).json", JSONWriter.string(.object(config)), mode: 0o644)
    var credentials = JSONObject([("version", "1.0"), ("type", "oauth_token"), ("access_token", .string(accessToken))])
    if let expiresAt { credentials["expires_at"] = .number(expiresAt) }
    if let refreshToken { credentials["refresh_token"] = .string(refreshToken) }
    try directory.write("credentials/\(name).json", JSONWriter.string(.object(credentials)), mode: credentialsMode)
}
