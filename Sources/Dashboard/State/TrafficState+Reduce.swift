import ProxyCore

extension TrafficState {
    /// Reduces one event into the state. Events already applied (same or older sequence from
    /// the same server, as an attach replay sends them again) are skipped; a restarted server
    /// is recognised by its new instance id (and, for events without one, by newer timestamps).
    public mutating func apply(_ event: ProxyEvent, context: DashboardContext) {
        if !event.instance.isEmpty, event.instance != instance {
            if instance == nil {
                instance = event.instance
            } else {
                startInstance(event.instance, at: event.time)
            }
        }
        if lastSequence > 0, event.sequence <= lastSequence, event.time <= lastEventTime { return }
        if event.sequence > 0 { lastSequence = event.sequence }
        lastEventTime = max(lastEventTime, event.time)
        totals.roll(to: context.day(of: event.time))

        switch event.kind {
        case .requestAccepted(let info):
            accept(info, at: event.time)
        case .queued(let requestID):
            updateRequest(requestID) { $0.phase = .queued }
        case .upstreamAttempt(let requestID, let attempt, let upstream):
            updateRequest(requestID) {
                if $0.phase == .queued { $0.phase = .waiting }
                $0.attempt = attempt
                $0.info.upstream = upstream
            }
        case .retrying(let requestID, let attempt, let status, let delayMs, let reason):
            updateRequest(requestID) {
                $0.phase = .retrying
                $0.retries += 1
            }
            totals.retries += 1
            let statusText = status.map { " (\($0))" } ?? ""
            appendEvent(EventLine(
                time: event.time, level: .warning,
                text: "retry \(requestID) after attempt \(attempt)\(statusText): \(reason); next in \(DisplayFormat.milliseconds(delayMs))"))
        case .firstToken(let requestID, let milliseconds):
            updateRequest(requestID) {
                $0.firstTokenMs = milliseconds
                if $0.phase.isActive { $0.phase = .streaming }
            }
        case .delta(let requestID, let delta):
            updateRequest(requestID) {
                $0.transcript.append(delta)
                if $0.phase == .waiting || $0.phase == .retrying || $0.phase == .queued { $0.phase = .streaming }
            }
        case .finished(let outcome):
            finish(outcome, at: event.time)
        case .failed(let failure):
            fail(failure, at: event.time)
        case .clientDisconnected(let requestID):
            updateRequest(requestID) {
                $0.phase = .cancelled
                if $0.durationMs == nil { $0.durationMs = max(0, Int((event.time - $0.acceptedAt) * 1000)) }
            }
            totals.cancelled += 1
            appendEvent(EventLine(time: event.time, level: .warning, text: "\(requestID): client disconnected; upstream request cancelled"))
        case .credential(let status):
            updateCredential(status, at: event.time)
        case .configReloaded(let ok, let message):
            appendEvent(EventLine(
                time: event.time, level: ok ? .info : .error,
                text: ok ? "configuration reloaded: \(message)" : "configuration reload rejected (running configuration kept): \(message)"))
        case .log(let level, let message):
            appendEvent(EventLine(time: event.time, level: level, text: message))
        case .dropped(let count):
            appendEvent(EventLine(time: event.time, level: .warning, text: "\(count) events dropped (display could not keep up)"))
        case .inspection(let inspection):
            updateRequest(inspection.requestID) { $0.inspection = inspection }
            trimInspections()
        case .usage(let snapshot):
            usage = snapshot
        }
    }

    private mutating func accept(_ info: RequestInfo, at time: Double) {
        guard request(id: info.requestID) == nil else { return }
        insert(RequestRecord(info: info, acceptedAt: time))
        totals.requests += 1
        totals.requestsToday += 1
        recentAcceptTimes.append(time)
        pruneAcceptTimes(now: time)
        if !info.upstream.isEmpty { updateUpstream(info.upstream) { _ in } }
    }

    private mutating func finish(_ outcome: RequestOutcome, at time: Double) {
        var model = ""
        var upstream = ""
        updateRequest(outcome.requestID) {
            $0.phase = .done
            $0.status = outcome.status
            $0.usage = outcome.usage
            $0.stopReason = outcome.stopReason
            $0.finishReason = outcome.finishReason
            $0.durationMs = outcome.durationMs
            $0.upstreamRequestID = outcome.upstreamRequestID
            model = $0.info.upstreamModel
            upstream = $0.info.upstream
        }
        totals.inputTokensToday += outcome.usage.promptTokens
        totals.outputTokensToday += outcome.usage.outputTokens
        totals.costToday += PriceTable.cost(of: outcome.usage, model: model)
        if !upstream.isEmpty {
            updateUpstream(upstream) {
                $0.consecutiveFailures = 0
                $0.lastSuccessAt = time
            }
        }
    }

    private mutating func fail(_ failure: RequestFailure, at time: Double) {
        var upstream = ""
        updateRequest(failure.requestID) {
            $0.phase = .error
            $0.status = failure.status
            $0.errorSummary = "\(failure.errorType): \(failure.message)"
            $0.durationMs = failure.durationMs
            $0.upstreamRequestID = failure.upstreamRequestID
            upstream = $0.info.upstream
        }
        totals.errors += 1
        // Only server-side trouble says something about the upstream's health.
        if !upstream.isEmpty, failure.status >= 500 || failure.status == 429 || failure.status == 401 {
            updateUpstream(upstream) {
                $0.consecutiveFailures += 1
                $0.lastFailureAt = time
            }
        }
        let upstreamID = failure.upstreamRequestID.map { " [upstream \($0)]" } ?? ""
        appendEvent(EventLine(
            time: time, level: .error,
            text: "\(failure.requestID) failed \(failure.status) \(failure.errorType): \(failure.message)\(upstreamID)"))
    }

    private mutating func updateCredential(_ status: CredentialStatus, at time: Double) {
        let previous = credentials.first { $0.upstream == status.upstream }
        if let index = credentials.firstIndex(where: { $0.upstream == status.upstream }) {
            credentials[index] = status
        } else {
            credentials.append(status)
        }
        let problem: String? = switch status.state {
        case .expired: status.message ?? "credential expired"
        case .rejected: status.message ?? "credential rejected by the upstream"
        case .failed: status.message ?? "credential refresh failed"
        default: nil
        }
        updateUpstream(status.upstream) { $0.credentialProblem = problem }

        // Log what changed, not every republished status.
        let refreshed = status.lastRefreshAt != nil && status.lastRefreshAt != previous?.lastRefreshAt
        guard previous == nil || previous?.state != status.state || refreshed else { return }
        let level: ProxyEvent.LogLevel = switch status.state {
        case .expired, .rejected, .failed: .error
        case .expiring: .warning
        default: .info
        }
        var text = "credential \(status.upstream) (\(status.kind) \(status.redactedID)): \(status.state.rawValue)"
        if refreshed, let result = status.lastRefreshResult {
            let took = status.lastRefreshMs.map { " in \(DisplayFormat.milliseconds($0))" } ?? ""
            text += " — refreshed\(took): \(result)"
        }
        if let message = status.message { text += " — \(message)" }
        appendEvent(EventLine(time: time, level: level, text: text))
    }
}
