import ProxyCore

/// The whole dashboard as a value: the reduced traffic, how it is being viewed, and the clock.
/// The screen is a pure function of it (`DashboardRenderer`), and keys change it through
/// `KeyHandler`, so every behaviour can be tested without a terminal.
public struct DashboardState: Sendable, Equatable {
    public var context: DashboardContext
    public var traffic = TrafficState()
    /// While paused (`p`) the screen shows this copy; traffic keeps being counted.
    public var frozen: TrafficState?
    /// When the display was paused: the frozen rows' elapsed times stand still at this moment.
    public var frozenAt: Double?
    public var view = ViewState()
    public var connection: ConnectionStatus
    /// Wall clock, Unix seconds.
    public var now: Double

    public init(context: DashboardContext, now: Double) {
        self.context = context
        self.now = now
        connection = context.isAttached ? .reconnecting(attempt: 0, reason: "connecting") : .embedded
    }

    public var isPaused: Bool { frozen != nil }
    /// What the panes show: the live traffic, or the frozen copy while paused.
    public var displayed: TrafficState { frozen ?? traffic }
    /// The clock the displayed rows are measured against (elapsed, tokens/s): stopped while paused.
    public var displayedNow: Double { frozen == nil ? now : frozenAt ?? now }

    /// The requests pane's rows, newest first, filtered.
    public var visibleRequests: [RequestRecord] {
        displayed.requests.reversed().filter { $0.matches(filter: view.filter) }
    }

    /// The highlighted row: the chosen request while it is still listed, else the newest.
    public var selectedRequest: RequestRecord? {
        let rows = visibleRequests
        if let id = view.selectedRequestID, let row = rows.first(where: { $0.id == id }) { return row }
        return rows.first
    }

    /// The events pane's lines, newest first, filtered by level and text.
    public var visibleEvents: [EventLine] {
        displayed.events.reversed().filter {
            $0.level >= view.minimumLevel && (view.filter.isEmpty || $0.text.localizedCaseInsensitiveContains(view.filter))
        }
    }

    public mutating func apply(_ input: DashboardInput) {
        switch input {
        case .event(let event):
            let restarts = traffic.restarts
            traffic.apply(event, context: context)
            if traffic.restarts != restarts {
                view.toast = Toast(text: "service restarted: requests and totals start again", ok: false, until: now + 5)
            }
        case .connection(let status, let time):
            noteConnectionChange(from: connection, to: status, at: time)
            connection = status
        case .commandFinished(let command, let result, let time):
            view.pendingCommands.removeAll { $0 == command }
            traffic.note("\(command.verb): \(result.message)", level: result.ok ? .info : .error, at: time)
            view.toast = Toast(text: result.message, ok: result.ok, until: time + 5)
        case .tick(let time):
            now = time
            traffic.pruneAcceptTimes(now: time)
            if let toast = view.toast, toast.until <= time { view.toast = nil }
        case .serverIdentity(let version, let startedAt):
            context.version = version
            context.serverStartedAt = startedAt
        case .quitRequested(let reason):
            view.quitting = true
            view.confirmingQuit = false
            traffic.note(reason, level: .info, at: now)
        }
    }

    private mutating func noteConnectionChange(from old: ConnectionStatus, to new: ConnectionStatus, at time: Double) {
        switch (old.isConnected, new) {
        case (true, .reconnecting(_, let reason)):
            traffic.note("connection to the proxy lost (\(reason)); reconnecting…", level: .error, at: time)
        case (false, .connected):
            if case .reconnecting(let attempt, _) = old, attempt > 0 {
                traffic.note("reconnected to the proxy", level: .info, at: time)
            } else {
                traffic.note("attached to the proxy", level: .info, at: time)
            }
        default:
            break
        }
    }
}
