/// Keys → state changes and commands; a pure function, so every key is tested without a
/// terminal. The caller carries the command out (and reports back with `commandFinished`).
public enum KeyHandler {
    /// Lines a page key moves.
    static let page = 10

    public static func handle(_ key: Key, in state: DashboardState) -> (DashboardState, ControlCommand?) {
        var state = state
        let command = handle(key, state: &state)
        return (state, command)
    }

    public static func handle(_ key: Key, state: inout DashboardState) -> ControlCommand? {
        if state.view.quitting {
            // A second `q` while draining leaves at once.
            return key == .character("q") || key == .character("Q") ? .quit : nil
        }
        if state.view.confirmingQuit {
            state.view.confirmingQuit = false
            guard key == .character("y") || key == .character("Y") || key == .character("q") else { return nil }
            state.view.quitting = true
            return .quit
        }
        if state.view.filterDraft != nil {
            editFilter(key, state: &state)
            return nil
        }
        switch key {
        case .character("q"), .character("Q"):
            return quit(state: &state)
        case .character("?"), .character("h"):
            state.view.mode = state.view.mode == .help ? .overview : .help
        case .character("u"):
            state.view.mode = state.view.mode == .usage ? .overview : .usage
        case .escape:
            if state.view.mode != .overview {
                state.view.mode = .overview
            } else if !state.view.filter.isEmpty {
                state.view.filter = ""
            } else {
                state.view.selectedRequestID = nil
                state.view.liveScroll = 0
            }
        case .character("f"):
            return send(.refreshCredentials, state: &state)
        case .character("r"):
            return send(.reloadConfiguration, state: &state)
        case .character("p"):
            state.frozen = state.frozen == nil ? state.traffic : nil
            state.frozenAt = state.frozen == nil ? nil : state.now
        case .character("c"):
            state.traffic.clearEvents()
            state.frozen?.clearEvents()
            state.view.eventsScroll = 0
        case .character("/"):
            state.view.filterDraft = state.view.filter
        case .character("l"):
            state.view.minimumLevel = switch state.view.minimumLevel {
            case .info: .warning
            case .warning: .error
            case .error: .info
            }
            state.view.eventsScroll = 0
        case .character("y"):
            if case .inspector(let id) = state.view.mode, let curl = state.displayed.request(id: id)?.inspection?.curl {
                return .copyToClipboard(InspectorRedaction.scrub(curl))
            }
        case .tab:
            guard state.view.mode == .overview else { break }
            state.view.focus = state.view.focus.next
        case .backTab:
            guard state.view.mode == .overview else { break }
            state.view.focus = state.view.focus.previous
        case .enter:
            if state.view.mode == .overview, let selected = state.selectedRequest {
                state.view.mode = .inspector(requestID: selected.id)
                state.view.inspectorScroll = 0
            }
        case .up, .character("k"): move(-1, state: &state)
        case .down, .character("j"): move(1, state: &state)
        case .pageUp: move(-page, state: &state)
        case .pageDown: move(page, state: &state)
        case .home: move(-Int(Int32.max), state: &state)
        case .end: move(Int(Int32.max), state: &state)
        default:
            break
        }
        return nil
    }

    private static func quit(state: inout DashboardState) -> ControlCommand? {
        // Only the embedded server's streams die with the dashboard; an attached one keeps serving.
        if !state.context.isAttached, state.traffic.activeCount > 0 {
            state.view.confirmingQuit = true
            return nil
        }
        state.view.quitting = true
        return .quit
    }

    private static func send(_ command: ControlCommand, state: inout DashboardState) -> ControlCommand? {
        guard !state.view.pendingCommands.contains(command) else { return nil }
        state.view.pendingCommands.append(command)
        return command
    }

    private static func editFilter(_ key: Key, state: inout DashboardState) {
        switch key {
        case .enter:
            state.view.filter = state.view.filterDraft ?? ""
            state.view.filterDraft = nil
            state.view.selectedRequestID = nil
        case .escape:
            state.view.filterDraft = nil
        case .backspace:
            if state.view.filterDraft?.isEmpty == false { state.view.filterDraft?.removeLast() }
        case .character(let character) where !character.isNewline:
            state.view.filterDraft?.append(character)
        default:
            break
        }
    }

    /// Arrow keys act on what is in front: the inspector scrolls, the requests pane selects,
    /// the live and events panes scroll.
    private static func move(_ delta: Int, state: inout DashboardState) {
        switch state.view.mode {
        case .help, .usage:
            return
        case .inspector:
            state.view.inspectorScroll = max(0, state.view.inspectorScroll.addingClamped(delta))
            return
        case .overview:
            break
        }
        switch state.view.focus {
        case .requests, .credentials:
            let rows = state.visibleRequests
            guard !rows.isEmpty else { return }
            let current = state.selectedRequest.flatMap { selected in rows.firstIndex { $0.id == selected.id } } ?? 0
            let target = min(rows.count - 1, max(0, current.addingClamped(delta)))
            state.view.selectedRequestID = target == 0 ? nil : rows[target].id
            state.view.liveScroll = 0
        case .live:
            // Up scrolls back through the text.
            state.view.liveScroll = max(0, state.view.liveScroll.addingClamped(-delta))
        case .events:
            state.view.eventsScroll = max(0, min(state.visibleEvents.count - 1, state.view.eventsScroll.addingClamped(delta)))
        }
    }
}

extension Int {
    fileprivate func addingClamped(_ other: Int) -> Int {
        let (result, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? Int.max : Int.min) : result
    }
}
