import Dashboard
import ProxyCore

/// A fixed, busy dashboard: done, streaming, thinking, tool, retrying and failed requests, an
/// expiring credential, events — at a fixed clock (UTC), so layouts can be compared as text.
enum DashboardFixtures {
    /// 2025-01-15 12:00:00 UTC.
    static let start = 1_736_942_400.0
    static let context = DashboardContext(
        version: "0.1.0", listenURL: "http://127.0.0.1:3456", mode: .demo, serverStartedAt: start - 754, utcOffset: 0)

    static func info(_ id: String, model: String = "sonnet", upstreamModel: String = "claude-sonnet-4-5", stream: Bool = true,
                     client: String = "127.0.0.1", route: String = "chat") -> RequestInfo {
        RequestInfo(requestID: id, client: client, route: route, requestedModel: model,
                    upstreamModel: upstreamModel, upstream: "anthropic", stream: stream)
    }

    static func usage(_ input: Int, _ output: Int) -> Usage {
        Usage(inputTokens: input, outputTokens: output)
    }

    static var events: [ProxyEvent] {
        var sequence: UInt64 = 0
        var list: [ProxyEvent] = []
        func add(_ offset: Double, _ kind: ProxyEvent.Kind) {
            sequence += 1
            list.append(ProxyEvent(sequence: sequence, time: start + offset, kind: kind))
        }
        add(-100, .credential(CredentialStatus(
            upstream: "anthropic", kind: "demo_token", redactedID: "demo-…0001", expiresAt: start + 95,
            lastRefreshAt: start - 55, lastRefreshMs: 250, lastRefreshResult: "ok", nextRefreshAt: start + 65,
            state: .valid, message: "DEMO credential (simulated)")))
        add(-60, .requestAccepted(info("cp_done000001", model: "haiku", upstreamModel: "claude-haiku-4-5", stream: false, route: "completions")))
        add(-59, .upstreamAttempt(requestID: "cp_done000001", attempt: 1, upstream: "anthropic"))
        add(-58, .finished(RequestOutcome(requestID: "cp_done000001", status: 200, stopReason: "end_turn", finishReason: "stop",
                                          usage: usage(1200, 48), durationMs: 1450, upstreamRequestID: "req_011CUdemo01")))
        add(-40, .requestAccepted(info("cp_tools00002")))
        add(-39.6, .firstToken(requestID: "cp_tools00002", milliseconds: 410))
        add(-39.5, .delta(requestID: "cp_tools00002", delta: .text("Let me check the weather.")))
        add(-39.4, .delta(requestID: "cp_tools00002", delta: .toolCall(index: 0, name: "get_weather")))
        add(-39.3, .delta(requestID: "cp_tools00002", delta: .toolArguments(index: 0, fragment: "{\"city\":")))
        add(-39.2, .delta(requestID: "cp_tools00002", delta: .toolArguments(index: 0, fragment: "\"Lisbon\"}")))
        add(-38, .finished(RequestOutcome(requestID: "cp_tools00002", status: 200, stopReason: "tool_use", finishReason: "tool_calls",
                                          usage: usage(880, 64), durationMs: 2010, upstreamRequestID: "req_011CUdemo02")))
        add(-30, .requestAccepted(info("cp_retry00003", route: "messages")))
        add(-29.9, .retrying(requestID: "cp_retry00003", attempt: 1, status: 529, delayMs: 800, reason: "overloaded_error"))
        add(-29, .upstreamAttempt(requestID: "cp_retry00003", attempt: 2, upstream: "anthropic"))
        add(-28.5, .firstToken(requestID: "cp_retry00003", milliseconds: 1500))
        add(-28.4, .delta(requestID: "cp_retry00003", delta: .text("Retries come,\nthe second knock opens.")))
        add(-27, .finished(RequestOutcome(requestID: "cp_retry00003", status: 200, stopReason: "end_turn", finishReason: "stop",
                                          usage: usage(300, 22), durationMs: 3000, upstreamRequestID: nil)))
        add(-20, .requestAccepted(info("cp_error00004", model: "gpt-4o", stream: false)))
        add(-19.9, .failed(RequestFailure(requestID: "cp_error00004", status: 400, errorType: "invalid_request_error",
                                          message: "fake bad request", upstreamRequestID: "req_011CUdemo04", durationMs: 90)))
        add(-5, .requestAccepted(info("cp_think00005", model: "opus", upstreamModel: "claude-opus-4-5", route: "responses")))
        add(-4.2, .firstToken(requestID: "cp_think00005", milliseconds: 800))
        add(-4.1, .delta(requestID: "cp_think00005", delta: .reasoning("The user wants a budget trip; start with the old town.")))
        add(-3, .delta(requestID: "cp_think00005", delta: .text("Day one: walk Alfama and ride tram 28 early, before the crowds. ")))
        add(-2, .delta(requestID: "cp_think00005", delta: .text("Day two: Belém by train, pastries included.")))
        add(-1, .configReloaded(ok: false, message: "config.json: line 4: identity.mode must be default, prepend or replace"))
        return list
    }

    static var inspection: RequestInspection {
        RequestInspection(
            requestID: "cp_done000001",
            clientRequest: #"{"model":"haiku","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}"#,
            clientHeaders: ["authorization": "Bearer sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123", "user-agent": "openai-python"],
            upstreamRequest: #"{"model":"claude-haiku-4-5","system":"You are Claw.\n\nBe brief.","messages":[{"role":"user","content":"Hi"}]}"#,
            clientSystemPrompt: "Be brief.", identityPrompt: "You are Claw.", identityMode: "prepend",
            upstreamSystemPrompt: "You are Claw.\n\nBe brief.", notes: ["temperature dropped: not supported by this model"],
            response: #"{"choices":[{"message":{"content":"Hello!"}}]}"#,
            curl: "curl http://127.0.0.1:3456/v1/chat/completions -H 'Authorization: Bearer $CLAUDE_PROXY_KEY' -d @request.json")
    }

    /// The busy state, as the dashboard would hold it at `start`.
    static func busyState() -> DashboardState {
        var state = DashboardState(context: context, now: start)
        for event in events { state.apply(.event(event)) }
        state.apply(.event(ProxyEvent(sequence: 100, time: start - 0.5, kind: .inspection(inspection))))
        state.apply(.tick(start))
        return state
    }
}
