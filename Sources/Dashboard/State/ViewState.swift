import ProxyCore

/// How the operator is looking at the traffic: selection, focus, scroll positions, filters,
/// prompts. Changed only by keys (and by the dashboard's own command results).
public struct ViewState: Sendable, Equatable {
    public var mode: ScreenMode = .overview
    public var focus: Pane = .requests
    /// nil follows the newest request.
    public var selectedRequestID: String?
    /// Lines scrolled up from the live pane's tail (0 follows the stream).
    public var liveScroll = 0
    /// Lines scrolled down from the events pane's newest line.
    public var eventsScroll = 0
    public var inspectorScroll = 0
    /// The events pane shows lines at or above this level.
    public var minimumLevel: ProxyEvent.LogLevel = .info
    /// Applied to requests and events; empty shows all.
    public var filter = ""
    /// While `/` is being typed: the text so far.
    public var filterDraft: String?
    public var confirmingQuit = false
    /// Set once quitting has begun (embedded mode drains streams first).
    public var quitting = false
    /// Commands sent and not yet answered, shown as "refreshing…"/"reloading…".
    public var pendingCommands: [ControlCommand] = []
    public var toast: Toast?

    public init() {}
}
