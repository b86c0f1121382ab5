import NIOCore
import NIOPosix

/// Runs every measurement of the issue in one go, direct and proxied (and LiteLLM) side by
/// side, and turns them into report rows with the budget checks.
struct Benchmark {
    let configuration: BenchmarkConfiguration
    let runner: LoadRunner
    /// Progress lines go here (stderr), so the table on stdout stays clean.
    let log: @Sendable (String) -> Void

    func run() async throws -> [ReportRow] {
        var rows = try await nonStreaming()
        rows += try await ledgerCost()
        rows += try await streaming()
        rows += try await memory()
        rows += try startup()
        return rows
    }

    // MARK: - Non-streaming

    private func nonStreaming() async throws -> [ReportRow] {
        let c = configuration
        let direct = try BenchTarget(
            url: c.fakeURL + "/v1/messages", body: BenchBodies.anthropic(stream: false),
            headers: BenchBodies.anthropicHeaders)
        let proxied = try BenchTarget(url: c.proxyURL + "/v1/chat/completions", body: BenchBodies.openAI(stream: false))
        let litellm = try c.litellmURL.map {
            try BenchTarget(
                url: $0 + "/v1/chat/completions", body: BenchBodies.openAI(stream: false),
                headers: [("authorization", "Bearer \(BenchBodies.litellmMasterKey)")])
        }
        var rows: [ReportRow] = []
        for concurrency in c.concurrencies {
            let d = try await measure("direct", direct, concurrency: concurrency)
            let p = try await measure("proxied", proxied, concurrency: concurrency)
            let l = try await litellm.asyncMap { try await measure("litellm", $0, concurrency: concurrency) }
            rows.append(.heading("non-streaming, concurrency \(concurrency)"))
            var throughput = ReportRow(
                metric: "requests/s", direct: d.requestsPerSecond, proxied: p.requestsPerSecond, litellm: l?.requestsPerSecond)
            if concurrency == 64 {
                throughput.budget = "≥0.5x direct" + (l != nil ? ", ≥10x litellm" : "")
                throughput.met = p.requestsPerSecond >= 0.5 * d.requestsPerSecond
                    && (l.map { p.requestsPerSecond >= 10 * $0.requestsPerSecond } ?? true)
            }
            rows.append(throughput)
            rows.append(ReportRow(metric: "p50 ms", direct: d.latency.p50, proxied: p.latency.p50, litellm: l?.latency.p50))
            rows.append(ReportRow(metric: "p99 ms", direct: d.latency.p99, proxied: p.latency.p99, litellm: l?.latency.p99))
            if concurrency == 16 {
                let added50 = p.latency.p50 - d.latency.p50
                let added99 = p.latency.p99 - d.latency.p99
                rows.append(ReportRow(metric: "added p50 ms", proxied: added50, budget: "≤0.3 ms", met: added50 <= 0.3))
                rows.append(ReportRow(metric: "added p99 ms", proxied: added99, budget: "≤2 ms", met: added99 <= 2))
            }
            let errors = d.errors + p.errors + (l?.errors ?? 0)
            if errors > 0 {
                rows.append(ReportRow(metric: "errors (d/p/l)", direct: Double(d.errors), proxied: Double(p.errors), litellm: l.map { Double($0.errors) }))
            }
        }
        return rows
    }

    private func measure(_ name: String, _ target: BenchTarget, concurrency: Int) async throws -> LoadRunner.Result {
        _ = try await runner.run(target, concurrency: concurrency, duration: configuration.warmup)
        let result = try await runner.run(target, concurrency: concurrency, duration: configuration.duration)
        log("  \(name) c=\(concurrency): \(Int(result.requestsPerSecond)) req/s, p50 \(ReportTable.format(result.latency.p50)) ms, "
            + "p99 \(ReportTable.format(result.latency.p99)) ms, \(result.errors) errors \(result.lastError ?? "")")
        return result
    }

    // MARK: - Usage ledger

    /// Non-streaming throughput at c=64 through two proxies that differ only in the usage ledger,
    /// measured off, on, off, on… so drift in the machine's load falls on both sides.
    private func ledgerCost() async throws -> [ReportRow] {
        let c = configuration
        guard let offURL = c.noLedgerProxyURL else { return [] }
        let on = try BenchTarget(url: c.proxyURL + "/v1/chat/completions", body: BenchBodies.openAI(stream: false))
        let off = try BenchTarget(url: offURL + "/v1/chat/completions", body: BenchBodies.openAI(stream: false))
        var offRates: [Double] = []
        var onRates: [Double] = []
        var errors = 0
        for _ in 0..<max(1, c.ledgerRounds) {
            let o = try await measure("ledger off", off, concurrency: 64)
            let n = try await measure("ledger on", on, concurrency: 64)
            offRates.append(o.requestsPerSecond)
            onRates.append(n.requestsPerSecond)
            errors += o.errors + n.errors
        }
        let offMean = offRates.reduce(0, +) / Double(offRates.count)
        let onMean = onRates.reduce(0, +) / Double(onRates.count)
        var rows: [ReportRow] = [
            .heading("usage ledger, non-streaming c=64 (direct column: ledger off; proxied: ledger on)"),
            ReportRow(
                metric: "requests/s off → on", direct: offMean, proxied: onMean, budget: "on ≥0.95x off",
                met: onMean >= 0.95 * offMean),
        ]
        if errors > 0 { rows.append(ReportRow(metric: "errors (off+on)", proxied: Double(errors))) }
        return rows
    }

    // MARK: - Streaming

    private func streaming() async throws -> [ReportRow] {
        let c = configuration
        func pair(_ fake: String, _ proxy: String, scenario: String?) throws -> (BenchTarget, BenchTarget) {
            (
                try BenchTarget(
                    url: fake + "/v1/messages", body: BenchBodies.anthropic(stream: true, scenario: scenario),
                    headers: BenchBodies.anthropicHeaders),
                try BenchTarget(url: proxy + "/v1/chat/completions", body: BenchBodies.openAI(stream: true, scenario: scenario))
            )
        }
        var rows: [ReportRow] = [.heading("streaming (concurrency 1)")]

        let (shortDirect, shortProxied) = try pair(c.fakeURL, c.proxyURL, scenario: nil)
        let sd = try await measure("stream direct", shortDirect, concurrency: 1)
        let sp = try await measure("stream proxied", shortProxied, concurrency: 1)
        let addedTTFB = sp.firstByte.p50 - sd.firstByte.p50
        rows.append(ReportRow(metric: "TTFB p50 ms", direct: sd.firstByte.p50, proxied: sp.firstByte.p50))
        rows.append(ReportRow(metric: "TTFB p99 ms", direct: sd.firstByte.p99, proxied: sp.firstByte.p99))
        rows.append(ReportRow(metric: "added TTFB p50 ms", proxied: addedTTFB, budget: "≤1 ms", met: addedTTFB <= 1))
        rows.append(ReportRow(metric: "short stream total p50 ms", direct: sd.latency.p50, proxied: sp.latency.p50))

        let (longDirect, longProxied) = try pair(c.fakeURL, c.proxyURL, scenario: "long:\(c.streamEvents)")
        let ld = try await runs("long direct", longDirect, count: c.streamRuns)
        let lp = try await runs("long proxied", longProxied, count: c.streamRuns)
        rows.append(ReportRow(metric: "\(c.streamEvents) events unpaced, p50 ms", direct: ld.latency.p50, proxied: lp.latency.p50))

        let (pacedDirect, pacedProxied) = try pair(c.pacedFakeURL, c.pacedProxyURL, scenario: "long:\(c.pacedStreamEvents)")
        let pd = try await runs("paced direct", pacedDirect, count: c.pacedStreamRuns)
        let pp = try await runs("paced proxied", pacedProxied, count: c.pacedStreamRuns)
        rows.append(ReportRow(
            metric: "\(c.pacedStreamEvents) events @\(c.pacedDelayMs) ms, p50 ms", direct: pd.latency.p50, proxied: pp.latency.p50,
            budget: "≤1.05x direct", met: pp.latency.p50 <= 1.05 * pd.latency.p50))
        return rows
    }

    /// `count` requests one after another (no warm-up beyond one request).
    private func runs(_ name: String, _ target: BenchTarget, count: Int) async throws -> LoadRunner.Result {
        _ = try await runner.run(target, concurrency: 1, duration: .minutes(2), requestsPerConnection: 1)
        let result = try await runner.run(target, concurrency: 1, duration: .minutes(5), requestsPerConnection: count)
        log("  \(name): \(result.samples.count) runs, p50 \(ReportTable.format(result.latency.p50)) ms, \(result.errors) errors \(result.lastError ?? "")")
        return result
    }

    // MARK: - Memory and start-up

    private func memory() async throws -> [ReportRow] {
        let c = configuration
        var rows: [ReportRow] = [.heading("memory (proxy RSS)")]
        let target = try BenchTarget(
            url: c.holdProxyURL + "/v1/chat/completions", body: BenchBodies.openAI(stream: true, scenario: "long:100000"))
        let probe = OpenStreamsProbe(runner: runner)
        let held = try await probe.measure(target, count: c.openStreams, pid: c.holdProxyPID, patience: .seconds(60), settle: .seconds(2))
        log("  open streams: \(held.streaming)/\(c.openStreams) streaming \(held.ended) \(held.lastError ?? "")")
        let mib = 1024.0 * 1024.0
        let idle = Double(held.rssIdleBytes) / mib
        rows.append(ReportRow(metric: "idle MiB", proxied: idle, budget: "≤30 MiB", met: idle <= 30))
        rows.append(ReportRow(metric: "\(held.streaming) open streams MiB", proxied: Double(held.rssOpenBytes) / mib))
        let perStream = held.bytesPerStream / 1024
        rows.append(ReportRow(
            metric: "per open stream KiB", proxied: perStream, budget: "≤50 KiB",
            met: held.streaming == c.openStreams && perStream <= 50))
        if let cap = c.capProxyURL {
            rows += try await beyondTheCap(cap, probe: probe)
        }
        if let pid = c.proxyPID, let rss = ProcessMemory.residentBytes(pid: pid) {
            rows.append(ReportRow(metric: "after the load above MiB", proxied: Double(rss) / mib))
        }
        return rows
    }

    /// `openStreams` held at once through a proxy with the default cap of 512 upstream connections:
    /// those beyond it wait `limits.queueSeconds` (5 s) and get a 503; none may get anything else.
    private func beyondTheCap(_ url: String, probe: OpenStreamsProbe) async throws -> [ReportRow] {
        let c = configuration
        let target = try BenchTarget(url: url + "/v1/chat/completions", body: BenchBodies.openAI(stream: true, scenario: "long:100000"))
        let started = NIODeadline.now()
        let result = try await probe.measure(target, count: c.openStreams, pid: 0, patience: .seconds(30), settle: .milliseconds(500))
        let seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        log("  at the default cap: \(result.streaming) streaming, ended \(result.ended) in \(ReportTable.format(seconds)) s")
        let expectedLive = min(512, c.openStreams)
        let refused = result.ended["HTTP 503"] ?? 0
        let others = result.ended.filter { $0.key != "HTTP 503" }.values.reduce(0, +)
        return [
            .heading("\(c.openStreams) streams at the default cap of 512"),
            ReportRow(metric: "streaming", proxied: Double(result.streaming), budget: "= \(expectedLive)", met: result.streaming == expectedLive),
            ReportRow(
                metric: "refused 503 (queue full)", proxied: Double(refused), budget: "the rest, no 502",
                met: refused == c.openStreams - expectedLive && others == 0),
        ]
    }

    private func startup() throws -> [ReportRow] {
        let c = configuration
        let times = try StartupProbe(binary: c.proxyBinary, upstreamURL: c.fakeURL).measure(attempts: c.startupAttempts)
        let summary = LatencySummary(times.map { UInt64($0 * 1e6) })
        log("  start-up: \(times.map { ReportTable.format($0) }.joined(separator: ", ")) ms")
        return [
            .heading("start-up (\(c.startupAttempts) runs)"),
            ReportRow(metric: "start to first /health ms, p50", proxied: summary.p50, budget: "≤200 ms", met: summary.p50 <= 200),
        ]
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
