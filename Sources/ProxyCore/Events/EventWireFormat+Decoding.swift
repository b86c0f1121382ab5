extension EventWireFormat {
    /// The event a `data:` line carries; nil when it is not JSON, is of another version, or is a
    /// type this build does not know (or lacks a field that type needs). Unknown fields are ignored.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ProxyEvent? {
        guard let value = try? JSONParser.parse(bytes), let object = value.objectValue else { return nil }
        return decode(object)
    }

    public static func decode(_ object: JSONObject) -> ProxyEvent? {
        let reader = Reader(object: object)
        guard reader.int("v") == version, let typeName = reader.string("type"),
            let type = EventType(rawValue: typeName), let sequence = reader.double("seq"), sequence >= 0,
            let time = reader.double("time"), let kind = kind(type, reader)
        else { return nil }
        return ProxyEvent(sequence: UInt64(sequence), time: time, instance: reader.string("instance") ?? "", kind: kind)
    }

    private static func kind(_ type: EventType, _ reader: Reader) -> ProxyEvent.Kind? {
        switch type {
        case .requestAccepted:
            guard let id = reader.string("request_id") else { return nil }
            return .requestAccepted(
                RequestInfo(
                    requestID: id, client: reader.string("client") ?? "", route: reader.string("route") ?? "",
                    requestedModel: reader.string("requested_model") ?? "",
                    upstreamModel: reader.string("upstream_model") ?? "", upstream: reader.string("upstream") ?? "",
                    stream: reader.bool("stream") ?? false))
        case .requestQueued:
            return reader.string("request_id").map { .queued(requestID: $0) }
        case .requestDisconnected:
            return reader.string("request_id").map { .clientDisconnected(requestID: $0) }
        case .requestAttempt:
            guard let id = reader.string("request_id"), let attempt = reader.int("attempt") else { return nil }
            return .upstreamAttempt(requestID: id, attempt: attempt, upstream: reader.string("upstream") ?? "")
        case .requestRetrying:
            guard let id = reader.string("request_id"), let attempt = reader.int("attempt") else { return nil }
            return .retrying(
                requestID: id, attempt: attempt, status: reader.int("status"), delayMs: reader.int("delay_ms") ?? 0,
                reason: reader.string("reason") ?? "")
        case .requestFirstToken:
            guard let id = reader.string("request_id"), let elapsed = reader.int("elapsed_ms") else { return nil }
            return .firstToken(requestID: id, milliseconds: elapsed)
        case .requestDelta:
            guard let id = reader.string("request_id"), let delta = delta(reader) else { return nil }
            return .delta(requestID: id, delta: delta)
        case .requestFinished:
            guard let id = reader.string("request_id") else { return nil }
            return .finished(
                RequestOutcome(
                    requestID: id, status: reader.int("status") ?? 200, stopReason: reader.string("stop_reason"),
                    finishReason: reader.string("finish_reason"), usage: usage(reader.object["usage"]),
                    durationMs: reader.int("duration_ms") ?? 0, upstreamRequestID: reader.string("upstream_request_id")))
        case .requestFailed:
            guard let id = reader.string("request_id"), let status = reader.int("status") else { return nil }
            return .failed(
                RequestFailure(
                    requestID: id, status: status, errorType: reader.string("error_type") ?? "",
                    message: reader.string("message") ?? "", upstreamRequestID: reader.string("upstream_request_id"),
                    durationMs: reader.int("duration_ms") ?? 0))
        case .requestInspection:
            return inspection(reader).map { .inspection($0) }
        case .credential:
            return credential(reader).map { .credential($0) }
        case .configReloaded:
            guard let ok = reader.bool("ok") else { return nil }
            return .configReloaded(ok: ok, message: reader.string("message") ?? "")
        case .log:
            guard let level = reader.string("level").flatMap(ProxyEvent.LogLevel.init(rawValue:)) else { return nil }
            return .log(level: level, message: reader.string("message") ?? "")
        case .dropped:
            return reader.int("count").map { .dropped(count: $0) }
        case .usage:
            return usageSnapshot(reader.object).map { .usage($0) }
        }
    }

    private static func delta(_ reader: Reader) -> StreamDelta? {
        switch reader.string("part") {
        case "text": reader.string("text").map(StreamDelta.text)
        case "reasoning": reader.string("text").map(StreamDelta.reasoning)
        case "tool_call":
            if let index = reader.int("index"), let name = reader.string("name") {
                .toolCall(index: index, name: name)
            } else { nil }
        case "tool_arguments":
            if let index = reader.int("index"), let arguments = reader.string("arguments") {
                .toolArguments(index: index, fragment: arguments)
            } else { nil }
        default: nil
        }
    }

    private static func usage(_ value: JSONValue?) -> Usage {
        guard let value else { return Usage() }
        return Usage(
            inputTokens: value["input_tokens"]?.intValue ?? 0, outputTokens: value["output_tokens"]?.intValue ?? 0,
            cacheCreationInputTokens: value["cache_creation_input_tokens"]?.intValue ?? 0,
            cacheReadInputTokens: value["cache_read_input_tokens"]?.intValue ?? 0,
            thinkingTokens: value["thinking_tokens"]?.intValue)
    }

    private static func inspection(_ reader: Reader) -> RequestInspection? {
        guard let id = reader.string("request_id") else { return nil }
        var headers: [String: String] = [:]
        for (name, value) in reader.object["client_headers"]?.objectValue?.pairs ?? [] {
            if let value = value.stringValue { headers[name] = value }
        }
        return RequestInspection(
            requestID: id, clientRequest: reader.string("client_request") ?? "", clientHeaders: headers,
            upstreamRequest: reader.string("upstream_request") ?? "",
            clientSystemPrompt: reader.string("client_system_prompt"), identityPrompt: reader.string("identity_prompt"),
            identityMode: reader.string("identity_mode") ?? "", upstreamSystemPrompt: reader.string("upstream_system_prompt"),
            notes: reader.object["notes"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            response: reader.string("response"), curl: reader.string("curl") ?? "")
    }

    private static func credential(_ reader: Reader) -> CredentialStatus? {
        guard let upstream = reader.string("upstream"),
            let state = reader.string("state").flatMap(CredentialStatus.State.init(rawValue:))
        else { return nil }
        return CredentialStatus(
            upstream: upstream, kind: reader.string("kind") ?? "", redactedID: reader.string("redacted_id") ?? "",
            expiresAt: reader.double("expires_at"), lastRefreshAt: reader.double("last_refresh_at"),
            lastRefreshMs: reader.int("last_refresh_ms"), lastRefreshResult: reader.string("last_refresh_result"),
            nextRefreshAt: reader.double("next_refresh_at"), state: state, message: reader.string("message"))
    }

    /// Typed field access on one event object.
    private struct Reader {
        let object: JSONObject

        func string(_ key: String) -> String? { object[key]?.stringValue }
        func int(_ key: String) -> Int? { object[key]?.intValue }
        func double(_ key: String) -> Double? { object[key]?.doubleValue }
        func bool(_ key: String) -> Bool? { object[key]?.boolValue }
    }
}
