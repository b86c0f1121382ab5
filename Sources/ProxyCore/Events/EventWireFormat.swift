/// The JSON form of a `ProxyEvent` on `GET /admin/events`, version 1 (documented in `docs/events.md`).
///
/// Every event is one flat object with snake_case fields, the same five first:
/// `{"v":1,"seq":7,"time":1736942400.25,"instance":"9f2c…","type":"request.finished","request_id":…}`.
/// Within a version, new types and new fields may appear; a reader skips types it does not know and
/// ignores fields it does not know. `v` changes only when an existing field changes meaning or goes away.
///
/// ```swift
/// let bytes = EventWireFormat.encode(event)          // one SSE `data:` line
/// let again = EventWireFormat.decode(bytes)          // nil for another version or an unknown type
/// ```
public enum EventWireFormat {
    public static let version = 1

    /// The wire `type` of each kind of event.
    public enum EventType: String, Sendable, CaseIterable {
        case requestAccepted = "request.accepted"
        case requestQueued = "request.queued"
        case requestAttempt = "request.attempt"
        case requestRetrying = "request.retrying"
        case requestFirstToken = "request.first_token"
        case requestDelta = "request.delta"
        case requestFinished = "request.finished"
        case requestFailed = "request.failed"
        case requestDisconnected = "request.disconnected"
        case requestInspection = "request.inspection"
        case credential = "credential"
        case configReloaded = "config.reloaded"
        case log = "log"
        case dropped = "dropped"
        case usage = "usage"
    }

    /// The event as compact JSON bytes, fields in a fixed order (golden-testable).
    public static func encode(_ event: ProxyEvent) -> [UInt8] {
        JSONWriter.bytes(.object(object(for: event)))
    }

    /// The event as a JSON object, for callers that embed it in something larger.
    public static func object(for event: ProxyEvent) -> JSONObject {
        var fields = Fields()
        fields.add("v", JSONValue(version))
        fields.add("seq", .number(Double(event.sequence)))
        fields.add("time", .number(event.time))
        fields.add("instance", .string(event.instance))
        fields.add("type", .string(type(of: event.kind).rawValue))
        addFields(of: event.kind, to: &fields)
        return fields.object
    }

    public static func type(of kind: ProxyEvent.Kind) -> EventType {
        switch kind {
        case .requestAccepted: .requestAccepted
        case .queued: .requestQueued
        case .upstreamAttempt: .requestAttempt
        case .retrying: .requestRetrying
        case .firstToken: .requestFirstToken
        case .delta: .requestDelta
        case .finished: .requestFinished
        case .failed: .requestFailed
        case .clientDisconnected: .requestDisconnected
        case .inspection: .requestInspection
        case .credential: .credential
        case .configReloaded: .configReloaded
        case .log: .log
        case .dropped: .dropped
        case .usage: .usage
        }
    }

    private static func addFields(of kind: ProxyEvent.Kind, to fields: inout Fields) {
        switch kind {
        case .requestAccepted(let info):
            fields.add("request_id", info.requestID)
            fields.add("client", info.client)
            fields.add("route", info.route)
            fields.add("requested_model", info.requestedModel)
            fields.add("upstream_model", info.upstreamModel)
            fields.add("upstream", info.upstream)
            fields.add("stream", .bool(info.stream))
        case .queued(let requestID), .clientDisconnected(let requestID):
            fields.add("request_id", requestID)
        case .upstreamAttempt(let requestID, let attempt, let upstream):
            fields.add("request_id", requestID)
            fields.add("attempt", JSONValue(attempt))
            fields.add("upstream", upstream)
        case .retrying(let requestID, let attempt, let status, let delayMs, let reason):
            fields.add("request_id", requestID)
            fields.add("attempt", JSONValue(attempt))
            fields.add("status", status.map { JSONValue($0) })
            fields.add("delay_ms", JSONValue(delayMs))
            fields.add("reason", reason)
        case .firstToken(let requestID, let milliseconds):
            fields.add("request_id", requestID)
            fields.add("elapsed_ms", JSONValue(milliseconds))
        case .delta(let requestID, let delta):
            fields.add("request_id", requestID)
            addFields(of: delta, to: &fields)
        case .finished(let outcome):
            fields.add("request_id", outcome.requestID)
            fields.add("status", JSONValue(outcome.status))
            fields.add("stop_reason", outcome.stopReason)
            fields.add("finish_reason", outcome.finishReason)
            fields.add("usage", usageJSON(outcome.usage))
            fields.add("duration_ms", JSONValue(outcome.durationMs))
            fields.add("upstream_request_id", outcome.upstreamRequestID)
        case .failed(let failure):
            fields.add("request_id", failure.requestID)
            fields.add("status", JSONValue(failure.status))
            fields.add("error_type", failure.errorType)
            fields.add("message", failure.message)
            fields.add("duration_ms", JSONValue(failure.durationMs))
            fields.add("upstream_request_id", failure.upstreamRequestID)
        case .inspection(let inspection):
            addFields(of: inspection, to: &fields)
        case .credential(let status):
            addFields(of: status, to: &fields)
        case .configReloaded(let ok, let message):
            fields.add("ok", .bool(ok))
            fields.add("message", message)
        case .log(let level, let message):
            fields.add("level", level.rawValue)
            fields.add("message", message)
        case .dropped(let count):
            fields.add("count", JSONValue(count))
        case .usage(let snapshot):
            for (key, value) in usageFields(snapshot) { fields.add(key, value) }
        }
    }

    private static func addFields(of delta: StreamDelta, to fields: inout Fields) {
        switch delta {
        case .text(let text):
            fields.add("part", "text")
            fields.add("text", text)
        case .reasoning(let text):
            fields.add("part", "reasoning")
            fields.add("text", text)
        case .toolCall(let index, let name):
            fields.add("part", "tool_call")
            fields.add("index", JSONValue(index))
            fields.add("name", name)
        case .toolArguments(let index, let fragment):
            fields.add("part", "tool_arguments")
            fields.add("index", JSONValue(index))
            fields.add("arguments", fragment)
        }
    }

    private static func addFields(of inspection: RequestInspection, to fields: inout Fields) {
        fields.add("request_id", inspection.requestID)
        fields.add("client_request", inspection.clientRequest)
        var headers = JSONObject()
        for (name, value) in inspection.clientHeaders.sorted(by: { $0.key < $1.key }) { headers[name] = .string(value) }
        fields.add("client_headers", .object(headers))
        fields.add("upstream_request", inspection.upstreamRequest)
        fields.add("client_system_prompt", inspection.clientSystemPrompt)
        fields.add("identity_prompt", inspection.identityPrompt)
        fields.add("identity_mode", inspection.identityMode)
        fields.add("upstream_system_prompt", inspection.upstreamSystemPrompt)
        fields.add("notes", .array(inspection.notes.map(JSONValue.string)))
        fields.add("response", inspection.response)
        fields.add("curl", inspection.curl)
    }

    private static func addFields(of status: CredentialStatus, to fields: inout Fields) {
        fields.add("upstream", status.upstream)
        fields.add("kind", status.kind)
        fields.add("redacted_id", status.redactedID)
        fields.add("state", status.state.rawValue)
        fields.add("expires_at", status.expiresAt.map(JSONValue.number))
        fields.add("last_refresh_at", status.lastRefreshAt.map(JSONValue.number))
        fields.add("last_refresh_ms", status.lastRefreshMs.map { JSONValue($0) })
        fields.add("last_refresh_result", status.lastRefreshResult)
        fields.add("next_refresh_at", status.nextRefreshAt.map(JSONValue.number))
        fields.add("message", status.message)
    }

    static func usageJSON(_ usage: Usage) -> JSONValue {
        var object = JSONObject()
        object["input_tokens"] = JSONValue(usage.inputTokens)
        object["output_tokens"] = JSONValue(usage.outputTokens)
        object["cache_creation_input_tokens"] = JSONValue(usage.cacheCreationInputTokens)
        object["cache_read_input_tokens"] = JSONValue(usage.cacheReadInputTokens)
        if let thinking = usage.thinkingTokens { object["thinking_tokens"] = JSONValue(thinking) }
        return .object(object)
    }

    /// An object under construction: absent optionals are left out rather than written as null.
    private struct Fields {
        var object = JSONObject()

        mutating func add(_ key: String, _ value: JSONValue?) {
            if let value { object.appendUnchecked(key, value) }
        }

        mutating func add(_ key: String, _ value: String?) {
            if let value { object.appendUnchecked(key, .string(value)) }
        }
    }
}
