import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import ProxyCore
import ProxyServer
import ProxyStore
import Testing

/// The usage ledger against the real server and the fake upstream: one row per request, whatever
/// way it ended, holding what the client was served; and serving goes on when the file cannot be written.
@Suite(.serialized) struct LedgerEndToEndTests {
    static func temporaryPath() -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-e2e-\(UUID().uuidString)")
        return (directory, directory.appendingPathComponent("claude-proxy.sqlite").path)
    }

    /// What one request was served, as the client saw it.
    struct Served: Sendable {
        var status: Int
        /// OpenAI usage: prompt tokens (input + cache read + cache write), completion tokens, cached tokens.
        var promptTokens = 0
        var completionTokens = 0
        var cachedTokens = 0
    }

    static func usage(_ json: JSONValue) -> (Int, Int, Int) {
        (
            json["prompt_tokens"]?.intValue ?? 0, json["completion_tokens"]?.intValue ?? 0,
            json["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0
        )
    }

    /// Request `index` of the mix: non-streaming, cache-heavy, streaming, an upstream 400, an unknown
    /// model (refused before the upstream) and a client that hangs up mid-stream.
    static func send(_ index: Int, harness: ProxyHarness) async throws -> Served {
        switch index % 10 {
        case 0, 1, 2, 3:
            let text = index % 10 == 3 ? "[[scenario:cache]] cached \(index)" : "plain \(index)"
            let response = try await harness.post("/v1/chat/completions", chatBody(text))
            let (prompt, completion, cached) = usage(parse(response.body)["usage"] ?? .null)
            return Served(status: response.status, promptTokens: prompt, completionTokens: completion, cachedTokens: cached)
        case 4, 5, 6:
            let response = try await harness.post("/v1/chat/completions", chatBody("stream \(index)", stream: true))
            let usageChunk = ssePayloads(response.body).map(parse).last { $0["usage"]?.objectValue != nil }
            let (prompt, completion, cached) = usage(usageChunk?["usage"] ?? .null)
            return Served(status: response.status, promptTokens: prompt, completionTokens: completion, cachedTokens: cached)
        case 7:
            return Served(status: try await harness.post("/v1/chat/completions", chatBody("[[scenario:bad-400]] \(index)")).status)
        case 8:
            return Served(status: try await harness.post("/v1/chat/completions", chatBody("hi", model: "no-such-model")).status)
        default:
            var request = URLRequestLike(url: harness.baseURL + "/v1/chat/completions", body: chatBody("[[scenario:slow]] \(index)", stream: true))
            try await request.readFirstChunkThenDisconnect()
            return Served(status: 499)
        }
    }

    /// Waits (bounded) until the recorder has taken `count` rows: a disconnect is noticed at the next write.
    static func waitForRows(_ count: Int, in recorder: LedgerRecorder) async throws {
        for _ in 0..<200 {
            let status = recorder.status
            if status.written + status.pending + status.failed >= count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func aThousandMixedRequestsAreEachRecordedOnceWithWhatWasServed() async throws {
        let (directory, path) = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await ProxyHarness.start(ledgerPath: path)
        let total = 1000
        let workers = 16
        let served = try await withThrowingTaskGroup(of: [Served].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var results: [Served] = []
                    for index in stride(from: worker, to: total, by: workers) {
                        results.append(try await Self.send(index, harness: harness))
                    }
                    return results
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let recorder = try #require(harness.service.ledger)
        try await Self.waitForRows(total, in: recorder)
        await harness.stop()

        #expect(recorder.status.failed == 0)
        let records = try await LedgerQueries(database: try StateDatabase(readingExisting: path)).records(.all)
        #expect(records.count == total)
        #expect(Set(records.map(\.requestID)).count == total, "a request was recorded twice")
        let servedStatuses = Dictionary(grouping: served, by: \.status).mapValues(\.count)
        let recordedStatuses = Dictionary(grouping: records, by: \.status).mapValues(\.count)
        #expect(servedStatuses == [200: 700, 400: 100, 404: 100, 499: 100])
        #expect(recordedStatuses == servedStatuses)

        let ok = records.filter { $0.status == 200 }
        let recordedPrompt: Int = ok.reduce(0) { $0 + $1.inputTokens + $1.cacheReadTokens + $1.cacheWriteTokens }
        let servedPrompt: Int = served.reduce(0) { $0 + $1.promptTokens }
        #expect(recordedPrompt == servedPrompt)
        #expect(ok.map(\.outputTokens).reduce(0, +) == served.map(\.completionTokens).reduce(0, +))
        #expect(ok.map(\.cacheReadTokens).reduce(0, +) == served.map(\.cachedTokens).reduce(0, +))
        #expect(ok.map(\.cacheReadTokens).reduce(0, +) > 0)
        #expect(ok.filter(\.stream).count == 300)
        #expect(ok.filter(\.stream).allSatisfy { $0.ttftMs != nil })
        #expect(ok.allSatisfy { $0.attempts == 1 && $0.upstream == "fake" && $0.upstreamModel == "claude-sonnet-4-6" })
        // claude-sonnet-4-6 has a list price: every served request has a cost, at that price.
        let price = try #require(ModelPrices().price(for: "claude-sonnet-4-6"))
        for record in ok.prefix(20) {
            let usage = Usage(
                inputTokens: record.inputTokens, outputTokens: record.outputTokens,
                cacheCreationInputTokens: record.cacheWriteTokens, cacheReadInputTokens: record.cacheReadTokens)
            #expect(record.costUSD.map { abs($0 - price.cost(of: usage)) < 1e-12 } == true)
        }

        let upstreamErrors = records.filter { $0.status == 400 }
        #expect(upstreamErrors.allSatisfy { $0.errorType != nil && $0.attempts == 1 && $0.costUSD == 0 })
        let refused = records.filter { $0.status == 404 }
        #expect(refused.allSatisfy { $0.attempts == 0 && $0.requestedModel == "no-such-model" && $0.upstreamModel == nil })
        let gone = records.filter { $0.status == 499 }
        #expect(gone.allSatisfy { $0.errorType == "client_closed" && $0.stream })
        // A stream cut short has still used its prompt: that is recorded, and priced.
        #expect(gone.allSatisfy { $0.inputTokens > 0 && ($0.costUSD ?? 0) > 0 })
    }

    @Test func aRestartKeepsTheTotals() async throws {
        let (directory, path) = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        var outputTokens = 0
        for run in 0..<2 {
            let harness = try await ProxyHarness.start(ledgerPath: path)
            for index in 0..<(run == 0 ? 5 : 3) {
                let response = try await harness.post("/v1/chat/completions", chatBody("run \(run) request \(index)"))
                outputTokens += parse(response.body)["usage"]?["completion_tokens"]?.intValue ?? 0
            }
            // A clean stop writes what is queued: nothing is waited for here.
            await harness.stop()
        }
        let totals = try await LedgerQueries(database: try StateDatabase(readingExisting: path)).totals(.all)
        #expect(totals.requests == 8)
        #expect(totals.outputTokens == outputTokens)
        #expect(totals.costIsComplete)
    }

    @Test func aRefusedRequestIsRecordedWithTheClientAddress() async throws {
        let (directory, path) = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await ProxyHarness.start(ledgerPath: path) { $0.clientKeys = [.init(name: "bot", key: "client-key-ledger-0001")] }
        let refused = try await harness.post("/v1/chat/completions", chatBody("hi"))
        let served = try await harness.post(
            "/v1/messages", #"{"model":"haiku","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}"#,
            headers: [("authorization", "Bearer client-key-ledger-0001")])
        await harness.stop()
        #expect(refused.status == 401)
        #expect(served.status == 200)
        let records = try await LedgerQueries(database: try StateDatabase(readingExisting: path)).records(.all)
        #expect(records.map(\.status) == [401, 200])
        #expect(records.first?.client == "127.0.0.1")
        #expect(records.first?.route == "chat")
        #expect(records.last?.client == "bot")
        #expect(records.last?.route == "messages")
        #expect(records.last?.upstreamModel?.hasPrefix("claude-haiku-4-5") == true)
    }

    @Test func aLedgerThatCannotBeOpenedKeepsServingAndCountsTheRows() async throws {
        let (directory, _) = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A path under a regular file can never be created, whoever runs the test (root included).
        let blocker = directory.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: blocker)
        let harness = try await ProxyHarness.start(ledgerPath: blocker.appendingPathComponent("claude-proxy.sqlite").path)
        let responses = [
            try await harness.post("/v1/chat/completions", chatBody("one")),
            try await harness.post("/v1/chat/completions", chatBody("two", stream: true)),
        ]
        let health = parse(try await harness.get("/health").body)
        await harness.stop()
        #expect(responses.map(\.status) == [200, 200])
        #expect(health["ledger"]?["state"]?.stringValue == "unavailable")
        #expect(health["ledger"]?["failed"]?.intValue == 2)
        #expect(health["ledger"]?["last_error"]?.stringValue?.contains("not-a-directory") == true)
    }

    @Test func aLockedLedgerKeepsServingWithAWarningAndRecoversAfterwards() async throws {
        let (directory, path) = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await ProxyHarness.start(ledgerPath: path)
        let warnings = harness.service.hub.subscribe(replay: false)
        let warning = Task { () -> String? in
            for await event in warnings {
                if case .log(.warning, let message) = event.kind, message.contains("usage ledger") { return message }
            }
            return nil
        }
        // Another process holding the write lock past the busy timeout (a backup, a stuck tool).
        let other = try DatabaseQueue(path: path)
        let (locked, lockTaken) = AsyncStream<Void>.makeStream()
        let (release, releaseLock) = AsyncStream<Void>.makeStream()
        let holder = Task.detached {
            try await other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                lockTaken.yield()
                // Held on GRDB's queue until the test lets go.
                let semaphore = DispatchSemaphore(value: 0)
                Task.detached {
                    for await _ in release { break }
                    semaphore.signal()
                }
                semaphore.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        for await _ in locked { break }
        let started = ContinuousClock.now
        let during = try await harness.post("/v1/chat/completions", chatBody("while locked"))
        let servedIn = ContinuousClock.now - started
        let message = await warning.value
        releaseLock.yield()
        try await holder.value
        let after = try await harness.post("/v1/chat/completions", chatBody("after"))
        let recorder = try #require(harness.service.ledger)
        let health = parse(try await harness.get("/health").body)
        await harness.stop()

        #expect(during.status == 200)
        #expect(servedIn < .seconds(2), "the request waited for the ledger: \(servedIn)")
        #expect(message?.contains(path) == true)
        #expect(health["ledger"]?["failed"]?.intValue == 1)
        #expect(recorder.status.failed == 1)
        #expect(recorder.status.written == 1)
        let records = try await LedgerQueries(database: try StateDatabase(readingExisting: path)).records(.all)
        #expect(records.count == 1)
        #expect(after.status == 200)
    }
}
