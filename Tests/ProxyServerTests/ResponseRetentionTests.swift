import Foundation
import Logging
import ProxyCore
import ProxyServer
import ProxyStore
import Testing

/// The store's background pruning: first by `responses.maxAgeDays`, then oldest first down to
/// `responses.maxMegabytes`.
@Suite struct ResponseRetentionTests {
    @Test func pruningDropsExpiredResponsesThenTheOldestBeyondTheSizeLimit() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = ResponseStore(database: try StateDatabase(path: directory.appendingPathComponent("s.sqlite").path))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let big = String(repeating: "x", count: 400_000)
        // Ten days old, then three recent ones of ~0.4 MB each.
        for (index, age) in [10.0, 0.3, 0.2, 0.1].enumerated() {
            try await store.save(
                StoredResponse(
                    id: "resp_\(index)", storedAt: now.addingTimeInterval(-age * 86_400),
                    input: [["type": "message", "role": "user", "content": .string(big)]], response: ["id": .string("resp_\(index)")]))
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let retention = ResponseRetention(
            store: store, settings: ResponsesSettings(store: true, maxAgeDays: 7, maxMegabytes: 1), logger: logger)
        #expect(await retention.pruneOnce(now: now) == 2)
        #expect(try await store.response(id: "resp_0") == nil)
        #expect(try await store.response(id: "resp_1") == nil)
        #expect(try await store.response(id: "resp_2") != nil)
        #expect(try await store.usage().bytes <= 1_000_000)
        #expect(await retention.pruneOnce(now: now) == 0)
    }
}
