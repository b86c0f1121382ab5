import Foundation

@testable import ProxyStore

/// A fresh directory for one test's database, removed by `remove()`.
struct TemporaryDirectory {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)")

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// 2026-11-15T12:00:00Z, the fixed clock of these tests.
let noon = Date(timeIntervalSince1970: 1_794_744_000)

func row(
    _ offsetSeconds: Double, client: String = "bot", model: String? = "claude-sonnet-4-5-20250929",
    upstream: String? = "anthropic", status: Int = 200, input: Int = 0, output: Int = 0, cacheRead: Int = 0,
    cacheWrite: Int = 0, thinking: Int = 0, cost: Double? = 0
) -> LedgerRecord {
    LedgerRecord(
        time: noon.addingTimeInterval(offsetSeconds), requestID: "cp_\(Int(offsetSeconds * 1000))", client: client,
        route: "chat", requestedModel: model == nil ? nil : "sonnet", upstreamModel: model, upstream: upstream,
        stream: true, status: status, errorType: status == 200 ? nil : "api_error", attempts: 1, latencyMs: 120,
        ttftMs: 40, inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite,
        thinkingTokens: thinking, costUSD: cost)
}
