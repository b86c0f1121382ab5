import Foundation
import ProxyCore
import Testing

/// The `/admin/events` wire format, version 1: one golden line per event type (the bytes other
/// programs rely on, as documented in docs/events.md), and decode(encode(x)) == x.
@Suite struct EventWireFormatTests {
    struct Golden: Sendable, CustomTestStringConvertible {
        let kind: ProxyEvent.Kind
        let json: String
        var testDescription: String { EventWireFormat.type(of: kind).rawValue }

        var event: ProxyEvent { ProxyEvent(sequence: 42, time: 1_736_942_400.25, instance: "5f0c2a9e1b7d4c33", kind: kind) }
    }

    static let head = #"{"v":1,"seq":42,"time":1736942400.25,"instance":"5f0c2a9e1b7d4c33","type":"#

    static let goldens: [Golden] = [
        Golden(
            kind: .requestAccepted(
                RequestInfo(
                    requestID: "cp_1a2b", client: "discord-bot", route: "chat", requestedModel: "sonnet",
                    upstreamModel: "claude-sonnet-4-5", upstream: "anthropic", stream: true)),
            json: head + #""request.accepted","request_id":"cp_1a2b","client":"discord-bot","route":"chat","requested_model":"sonnet","upstream_model":"claude-sonnet-4-5","upstream":"anthropic","stream":true}"#),
        Golden(kind: .queued(requestID: "cp_1a2b"), json: head + #""request.queued","request_id":"cp_1a2b"}"#),
        Golden(
            kind: .upstreamAttempt(requestID: "cp_1a2b", attempt: 2, upstream: "vertex"),
            json: head + #""request.attempt","request_id":"cp_1a2b","attempt":2,"upstream":"vertex"}"#),
        Golden(
            kind: .retrying(requestID: "cp_1a2b", attempt: 1, status: 529, delayMs: 800, reason: "overloaded_error"),
            json: head + #""request.retrying","request_id":"cp_1a2b","attempt":1,"status":529,"delay_ms":800,"reason":"overloaded_error"}"#),
        Golden(
            kind: .retrying(requestID: "cp_1a2b", attempt: 1, status: nil, delayMs: 250, reason: "connection refused"),
            json: head + #""request.retrying","request_id":"cp_1a2b","attempt":1,"delay_ms":250,"reason":"connection refused"}"#),
        Golden(
            kind: .firstToken(requestID: "cp_1a2b", milliseconds: 412),
            json: head + #""request.first_token","request_id":"cp_1a2b","elapsed_ms":412}"#),
        Golden(
            kind: .delta(requestID: "cp_1a2b", delta: .text("Hello \"world\"\n")),
            json: head + #""request.delta","request_id":"cp_1a2b","part":"text","text":"Hello \"world\"\n"}"#),
        Golden(
            kind: .delta(requestID: "cp_1a2b", delta: .reasoning("Think first.")),
            json: head + #""request.delta","request_id":"cp_1a2b","part":"reasoning","text":"Think first."}"#),
        Golden(
            kind: .delta(requestID: "cp_1a2b", delta: .toolCall(index: 0, name: "get_weather")),
            json: head + #""request.delta","request_id":"cp_1a2b","part":"tool_call","index":0,"name":"get_weather"}"#),
        Golden(
            kind: .delta(requestID: "cp_1a2b", delta: .toolArguments(index: 0, fragment: "{\"city\":")),
            json: head + #""request.delta","request_id":"cp_1a2b","part":"tool_arguments","index":0,"arguments":"{\"city\":"}"#),
        Golden(
            kind: .finished(
                RequestOutcome(
                    requestID: "cp_1a2b", status: 200, stopReason: "end_turn", finishReason: "stop",
                    usage: Usage(inputTokens: 1200, outputTokens: 48, cacheCreationInputTokens: 10, cacheReadInputTokens: 300, thinkingTokens: 12),
                    durationMs: 1450, upstreamRequestID: "req_011CU")),
            json: head + #""request.finished","request_id":"cp_1a2b","status":200,"stop_reason":"end_turn","finish_reason":"stop","usage":{"input_tokens":1200,"output_tokens":48,"cache_creation_input_tokens":10,"cache_read_input_tokens":300,"thinking_tokens":12},"duration_ms":1450,"upstream_request_id":"req_011CU"}"#),
        Golden(
            kind: .failed(
                RequestFailure(
                    requestID: "cp_1a2b", status: 401, errorType: "missing_api_key", message: "Missing API key.",
                    upstreamRequestID: nil, durationMs: 1)),
            json: head + #""request.failed","request_id":"cp_1a2b","status":401,"error_type":"missing_api_key","message":"Missing API key.","duration_ms":1}"#),
        Golden(
            kind: .clientDisconnected(requestID: "cp_1a2b"),
            json: head + #""request.disconnected","request_id":"cp_1a2b"}"#),
        Golden(
            kind: .inspection(
                RequestInspection(
                    requestID: "cp_1a2b", clientRequest: "{\"model\":\"sonnet\"}",
                    clientHeaders: ["user-agent": "openai-python", "authorization": "Bearer sk-…3f9a"],
                    upstreamRequest: "{\"model\":\"claude-sonnet-4-5\"}", clientSystemPrompt: "Be brief.",
                    identityPrompt: nil, identityMode: "default", upstreamSystemPrompt: "Be brief.",
                    notes: ["temperature dropped"], response: nil, curl: "curl -sS http://127.0.0.1:3456/v1/chat/completions")),
            json: head + #""request.inspection","request_id":"cp_1a2b","client_request":"{\"model\":\"sonnet\"}","client_headers":{"authorization":"Bearer sk-…3f9a","user-agent":"openai-python"},"upstream_request":"{\"model\":\"claude-sonnet-4-5\"}","client_system_prompt":"Be brief.","identity_mode":"default","upstream_system_prompt":"Be brief.","notes":["temperature dropped"],"curl":"curl -sS http://127.0.0.1:3456/v1/chat/completions"}"#),
        Golden(
            kind: .credential(
                CredentialStatus(
                    upstream: "anthropic", kind: "console_oauth", redactedID: "sk-ant-…3f9a", expiresAt: 1_736_946_000,
                    lastRefreshAt: 1_736_942_000.5, lastRefreshMs: 340, lastRefreshResult: "ok", nextRefreshAt: 1_736_945_700,
                    state: .valid, message: "from ~/.config/claude-proxy/credentials.json")),
            json: head + #""credential","upstream":"anthropic","kind":"console_oauth","redacted_id":"sk-ant-…3f9a","state":"valid","expires_at":1736946000,"last_refresh_at":1736942000.5,"last_refresh_ms":340,"last_refresh_result":"ok","next_refresh_at":1736945700,"message":"from ~/.config/claude-proxy/credentials.json"}"#),
        Golden(
            kind: .credential(CredentialStatus(upstream: "main", kind: "api_key", redactedID: "sk-ant-…0001", state: .rejected)),
            json: head + #""credential","upstream":"main","kind":"api_key","redacted_id":"sk-ant-…0001","state":"rejected"}"#),
        Golden(
            kind: .configReloaded(ok: false, message: "line 4: identity.mode must be default, prepend or replace"),
            json: head + #""config.reloaded","ok":false,"message":"line 4: identity.mode must be default, prepend or replace"}"#),
        Golden(
            kind: .log(level: .warning, message: "upstream anthropic: connection refused"),
            json: head + #""log","level":"warning","message":"upstream anthropic: connection refused"}"#),
        Golden(kind: .dropped(count: 17), json: head + #""dropped","count":17}"#),
        Golden(
            kind: .usage(
                UsageSnapshot(
                    today: .init(requests: 3, errors: 1, inputTokens: 1200, outputTokens: 300, costUSD: 0.25),
                    month: .init(requests: 40, errors: 2, inputTokens: 9000, outputTokens: 4000, costUSD: 2.5, unpricedRequests: 1),
                    days: [.init(key: "2025-01-15", figures: .init(requests: 3, costUSD: 0.25))],
                    todayByModel: [.init(key: "claude-sonnet-4-5", figures: .init(requests: 3, costUSD: 0.25))],
                    todayByClient: [.init(key: "bot", figures: .init(requests: 3, costUSD: 0.25))],
                    budgets: [
                        BudgetStatus(
                            name: "daily", scope: "global", period: .day, action: .refuse, limitUSD: 5, spentUSD: 0.25,
                            inFlightUSD: 0.5, periodStart: Date(timeIntervalSince1970: 1_736_899_200),
                            resetsAt: Date(timeIntervalSince1970: 1_736_985_600))
                    ],
                    unrecordedRows: 2)),
            json: head
                + #""usage","today":{"requests":3,"errors":1,"input_tokens":1200,"output_tokens":300,"cost_usd":0.25,"unpriced_requests":0},"#
                + #""month":{"requests":40,"errors":2,"input_tokens":9000,"output_tokens":4000,"cost_usd":2.5,"unpriced_requests":1},"#
                + #""days":[{"key":"2025-01-15","requests":3,"errors":0,"input_tokens":0,"output_tokens":0,"cost_usd":0.25,"unpriced_requests":0}],"#
                + #""by_model":[{"key":"claude-sonnet-4-5","requests":3,"errors":0,"input_tokens":0,"output_tokens":0,"cost_usd":0.25,"unpriced_requests":0}],"#
                + #""by_client":[{"key":"bot","requests":3,"errors":0,"input_tokens":0,"output_tokens":0,"cost_usd":0.25,"unpriced_requests":0}],"#
                + #""budgets":[{"name":"daily","scope":"global","period":"day","action":"refuse","limit_usd":5,"spent_usd":0.25,"in_flight_usd":0.5,"period_start":1736899200,"resets_at":1736985600,"level":"ok"}],"#
                + #""unrecorded_rows":2}"#),
    ]

    @Test(arguments: goldens) func eachEventTypeEncodesToItsGoldenLine(_ golden: Golden) {
        #expect(String(decoding: EventWireFormat.encode(golden.event), as: UTF8.self) == golden.json)
    }

    @Test(arguments: goldens) func eachEventTypeDecodesBackToTheSameEvent(_ golden: Golden) {
        #expect(EventWireFormat.decode(Array(golden.json.utf8)) == golden.event)
        #expect(EventWireFormat.decode(EventWireFormat.encode(golden.event)) == golden.event)
    }

    @Test func everyKindHasAGolden() {
        let covered = Set(Self.goldens.map { EventWireFormat.type(of: $0.kind) })
        #expect(covered == Set(EventWireFormat.EventType.allCases))
    }

    @Test func unknownFieldsAreIgnoredAndFieldOrderDoesNotMatter() {
        let line = #"{"type":"request.queued","extra":{"nested":[1,2]},"request_id":"cp_9","instance":"i1","time":5,"seq":3,"v":1,"later_field":true}"#
        #expect(EventWireFormat.decode(Array(line.utf8)) == ProxyEvent(sequence: 3, time: 5, instance: "i1", kind: .queued(requestID: "cp_9")))
    }

    @Test func unknownTypesOtherVersionsAndBrokenLinesAreSkipped() {
        let lines = [
            #"{"v":1,"seq":1,"time":1,"instance":"i","type":"request.teleported","request_id":"cp_1"}"#,
            #"{"v":2,"seq":1,"time":1,"instance":"i","type":"request.queued","request_id":"cp_1"}"#,
            #"{"seq":1,"time":1,"instance":"i","type":"request.queued","request_id":"cp_1"}"#,
            #"{"v":1,"seq":1,"time":1,"instance":"i","type":"request.queued"}"#,
            #"{"v":1,"seq":1,"time":1,"instance":"i","type":"request.delta","request_id":"cp_1","part":"hologram"}"#,
            #"{"kind":{"finished":{"_0":{}}},"sequence":1,"time":1}"#,
            "not json",
        ]
        for line in lines { #expect(EventWireFormat.decode(Array(line.utf8)) == nil, "\(line)") }
    }

    @Test func fractionalTimesAndLargeSequencesSurviveTheRoundTrip() {
        let event = ProxyEvent(sequence: 9_007_199_254_740_000, time: 1_764_580_000.123456, instance: "x", kind: .dropped(count: 1))
        #expect(EventWireFormat.decode(EventWireFormat.encode(event)) == event)
    }
}
