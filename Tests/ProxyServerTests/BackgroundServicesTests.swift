import Foundation
import Logging
import ProxyCore
import ProxyServer
import ProxyStore
import ServiceLifecycle
import Testing

/// The background work (models refresh, credential monitor, ledger retention, usage publishing)
/// runs as services: it starts with its group and stops at a graceful shutdown.
@Suite(.serialized) struct BackgroundServicesTests {
    /// Polls `condition` every 10 ms for up to `seconds`.
    static func eventually(within seconds: Double = 10, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    @Test func theModelsRefresherAndCredentialMonitorRunInAGroupAndStopAtAGracefulShutdown() async throws {
        let harness = try await ProxyHarness.start()
        let service = harness.service
        let before = service.runtime.current.generation
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: ModelsRefresher(service: service)), .init(service: CredentialMonitor(service: service))],
                logger: logger))
        let run = Task { try await group.run() }
        let refreshed = try await Self.eventually { service.runtime.current.generation > before }
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        let result = await run.result
        let stoppedIn = ContinuousClock.now - started
        await harness.stop()
        #expect(refreshed, "the refresher's first refresh makes a new snapshot")
        #expect(throws: Never.self) { try result.get() }
        #expect(stoppedIn < .seconds(5), "both services left their timers at once, took \(stoppedIn)")
    }

    @Test func ledgerRetentionStopsAtAGracefulShutdownWhileWaitingToPrune() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try StateDatabase(path: directory.appendingPathComponent("state.sqlite").path)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let retention = LedgerRetention(store: LedgerStore(database: database), retentionDays: 30, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: retention)], logger: logger))
        let run = Task { try await group.run() }
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        let result = await run.result
        #expect(throws: Never.self) { try result.get() }
        #expect(ContinuousClock.now - started < .seconds(5), "retention waits a minute before its first prune; shutdown must not")
    }
}
