/// One thing that happened in the proxy, published to the dashboard and to `/admin/events`.
///
/// Events are small values; the server publishes them without waiting (a slow subscriber loses
/// the oldest events and sees a `dropped` marker instead of slowing requests down).
public struct ProxyEvent: Sendable, Equatable {
    /// Increasing per process; gaps mean events were dropped for this subscriber.
    public var sequence: UInt64
    /// Unix time in seconds (fractional).
    public var time: Double
    /// Which process start published the event (random, one per `EventHub`): a new value means
    /// the service restarted and its sequence numbers started again. Empty when not known.
    public var instance: String
    public var kind: Kind

    public init(sequence: UInt64 = 0, time: Double, instance: String = "", kind: Kind) {
        self.sequence = sequence
        self.time = time
        self.instance = instance
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        /// A client request was accepted and translated.
        case requestAccepted(RequestInfo)
        /// The request waits for a free upstream connection.
        case queued(requestID: String)
        /// An upstream attempt starts (attempt 1 is the first try).
        case upstreamAttempt(requestID: String, attempt: Int, upstream: String)
        /// An attempt failed and will be retried after `delayMs`.
        case retrying(requestID: String, attempt: Int, status: Int?, delayMs: Int, reason: String)
        /// The first streamed token reached the client.
        case firstToken(requestID: String, milliseconds: Int)
        /// Streamed output, as the client sees it.
        case delta(requestID: String, delta: StreamDelta)
        /// The request finished successfully.
        case finished(RequestOutcome)
        /// The request failed (ours or the upstream's error).
        case failed(RequestFailure)
        /// The client went away before the response was complete.
        case clientDisconnected(requestID: String)
        /// A credential's state changed or was refreshed.
        case credential(CredentialStatus)
        /// The configuration was reloaded (or a reload was rejected).
        case configReloaded(ok: Bool, message: String)
        /// Something the operator should know (log line at warning level or above).
        case log(level: LogLevel, message: String)
        /// This many events were dropped because the subscriber was too slow.
        case dropped(count: Int)
        /// Everything the inspector shows for one request; published once it is known.
        case inspection(RequestInspection)
        /// What the usage ledger says (today, this month, budgets); published every few seconds.
        case usage(UsageSnapshot)
    }

    public enum LogLevel: String, Sendable, Comparable, CaseIterable {
        case info, warning, error

        public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}

/// A part of a streamed answer.
public enum StreamDelta: Sendable, Equatable {
    case text(String)
    case reasoning(String)
    case toolCall(index: Int, name: String)
    case toolArguments(index: Int, fragment: String)
}

/// What is known about a request when it is accepted.
public struct RequestInfo: Sendable, Equatable {
    public var requestID: String
    /// The client: its key name when keys are configured, else its address.
    public var client: String
    public var route: String
    /// The model name the client sent, and what it resolved to upstream.
    public var requestedModel: String
    public var upstreamModel: String
    public var upstream: String
    public var stream: Bool

    public init(
        requestID: String, client: String, route: String, requestedModel: String, upstreamModel: String,
        upstream: String, stream: Bool
    ) {
        self.requestID = requestID
        self.client = client
        self.route = route
        self.requestedModel = requestedModel
        self.upstreamModel = upstreamModel
        self.upstream = upstream
        self.stream = stream
    }
}

/// How a successful request ended.
public struct RequestOutcome: Sendable, Equatable {
    public var requestID: String
    public var status: Int
    public var stopReason: String?
    public var finishReason: String?
    public var usage: Usage
    public var durationMs: Int
    public var upstreamRequestID: String?

    public init(
        requestID: String, status: Int, stopReason: String?, finishReason: String?, usage: Usage, durationMs: Int,
        upstreamRequestID: String?
    ) {
        self.requestID = requestID
        self.status = status
        self.stopReason = stopReason
        self.finishReason = finishReason
        self.usage = usage
        self.durationMs = durationMs
        self.upstreamRequestID = upstreamRequestID
    }
}

/// How a failed request ended.
public struct RequestFailure: Sendable, Equatable {
    public var requestID: String
    public var status: Int
    public var errorType: String
    public var message: String
    public var upstreamRequestID: String?
    public var durationMs: Int

    public init(requestID: String, status: Int, errorType: String, message: String, upstreamRequestID: String?, durationMs: Int) {
        self.requestID = requestID
        self.status = status
        self.errorType = errorType
        self.message = message
        self.upstreamRequestID = upstreamRequestID
        self.durationMs = durationMs
    }
}

/// A credential as the dashboard's credentials pane shows it. Never holds the secret itself.
public struct CredentialStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        /// `rejected`: the upstream answered 401 to it; it is refreshed (or re-read) on the next request.
        case valid, expiring, refreshing, expired, rejected, failed, demo, none
    }

    public var upstream: String
    /// e.g. `api_key`, `console_oauth`, `federation`, `vertex_service_account`, `demo`.
    public var kind: String
    /// A redacted identifier such as `sk-ant-…3f9a`.
    public var redactedID: String
    /// Unix seconds; nil when the credential does not expire (API keys).
    public var expiresAt: Double?
    public var lastRefreshAt: Double?
    public var lastRefreshMs: Int?
    public var lastRefreshResult: String?
    public var nextRefreshAt: Double?
    public var state: State
    public var message: String?

    public init(
        upstream: String, kind: String, redactedID: String, expiresAt: Double? = nil, lastRefreshAt: Double? = nil,
        lastRefreshMs: Int? = nil, lastRefreshResult: String? = nil, nextRefreshAt: Double? = nil, state: State,
        message: String? = nil
    ) {
        self.upstream = upstream
        self.kind = kind
        self.redactedID = redactedID
        self.expiresAt = expiresAt
        self.lastRefreshAt = lastRefreshAt
        self.lastRefreshMs = lastRefreshMs
        self.lastRefreshResult = lastRefreshResult
        self.nextRefreshAt = nextRefreshAt
        self.state = state
        self.message = message
    }
}

/// The inspector's view of one request: what the client sent, what went upstream (with the
/// system prompt broken out so the identity can be checked), and the answer. Secrets redacted.
public struct RequestInspection: Sendable, Equatable {
    public var requestID: String
    /// The client's request body, pretty-printed, secrets redacted.
    public var clientRequest: String
    /// Client request headers worth showing (authorization redacted).
    public var clientHeaders: [String: String]
    /// The translated body sent upstream.
    public var upstreamRequest: String
    public var clientSystemPrompt: String?
    public var identityPrompt: String?
    public var identityMode: String
    public var upstreamSystemPrompt: String?
    /// Adjustments made for the model ("dropped temperature …").
    public var notes: [String]
    /// The response (non-streaming body, or the assembled stream) or the error, once known.
    public var response: String?
    /// A copy-as-curl line for the client request, with the client key replaced by `$CLAUDE_PROXY_KEY`.
    public var curl: String

    public init(
        requestID: String, clientRequest: String, clientHeaders: [String: String], upstreamRequest: String,
        clientSystemPrompt: String?, identityPrompt: String?, identityMode: String, upstreamSystemPrompt: String?,
        notes: [String], response: String?, curl: String
    ) {
        self.requestID = requestID
        self.clientRequest = clientRequest
        self.clientHeaders = clientHeaders
        self.upstreamRequest = upstreamRequest
        self.clientSystemPrompt = clientSystemPrompt
        self.identityPrompt = identityPrompt
        self.identityMode = identityMode
        self.upstreamSystemPrompt = upstreamSystemPrompt
        self.notes = notes
        self.response = response
        self.curl = curl
    }
}
