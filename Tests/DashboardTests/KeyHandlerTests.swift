import Dashboard
import ProxyCore
import Testing

@Suite struct KeyHandlerTests {
    func press(_ keys: [Key], _ state: DashboardState = DashboardFixtures.busyState()) -> (DashboardState, [ControlCommand]) {
        var state = state
        var commands: [ControlCommand] = []
        for key in keys {
            let (next, command) = KeyHandler.handle(key, in: state)
            state = next
            if let command { commands.append(command) }
        }
        return (state, commands)
    }

    @Test func arrowsMoveTheSelectionDownAndBackToFollowingTheNewest() {
        let (down, _) = press([.down, .down])
        #expect(down.selectedRequest?.id == "cp_retry00003")
        let (back, _) = press([.down, .up, .character("k")])
        #expect(back.view.selectedRequestID == nil)
        #expect(back.selectedRequest?.id == "cp_think00005")
    }

    @Test func enterInspectsAndEscapeReturns() {
        let (inspecting, _) = press([.character("j"), .enter])
        #expect(inspecting.view.mode == .inspector(requestID: "cp_error00004"))
        let (back, _) = press([.enter, .escape])
        #expect(back.view.mode == .overview)
    }

    @Test func tabCyclesThePanes() {
        let (state, _) = press([.tab, .tab, .tab])
        #expect(state.view.focus == .events)
        #expect(press([.tab, .tab, .tab, .tab]).0.view.focus == .requests)
    }

    @Test func refreshAndReloadAreCommandsSentOnceUntilAnswered() {
        let (state, commands) = press([.character("f"), .character("f"), .character("r")])
        #expect(commands == [.refreshCredentials, .reloadConfiguration])
        var answered = state
        answered.apply(.commandFinished(.refreshCredentials, CommandResult(ok: true, message: "API keys do not expire; nothing to refresh"), at: 0))
        #expect(answered.view.pendingCommands == [.reloadConfiguration])
        #expect(answered.view.toast?.text == "API keys do not expire; nothing to refresh")
        #expect(answered.traffic.events.last?.text == "refresh: API keys do not expire; nothing to refresh")
    }

    @Test func quitAsksWhileStreamsAreActiveInEmbeddedMode() {
        let (asking, commands) = press([.character("q")])
        #expect(asking.view.confirmingQuit)
        #expect(commands.isEmpty)
        let (declined, none) = press([.character("q"), .character("n")])
        #expect(!declined.view.confirmingQuit && !declined.view.quitting && none.isEmpty)
        let (confirmed, quit) = press([.character("q"), .character("y")])
        #expect(confirmed.view.quitting)
        #expect(quit == [.quit])
    }

    @Test func quitDoesNotAskWhenAttached() {
        var state = DashboardFixtures.busyState()
        state.context.mode = .attached(url: "http://127.0.0.1:3456")
        #expect(press([.character("q")], state).1 == [.quit])
    }

    @Test func helpTogglesAndFilterNarrowsRequests() {
        #expect(press([.character("?")]).0.view.mode == .help)
        #expect(press([.character("?"), .escape]).0.view.mode == .overview)
        let (filtered, _) = press([.character("/"), .character("o"), .character("p"), .character("u"), .character("s"), .enter])
        #expect(filtered.view.filter == "opus")
        #expect(filtered.visibleRequests.map(\.id) == ["cp_think00005"])
        #expect(press([.character("/"), .character("x"), .escape]).0.view.filter == "")
    }

    @Test func levelKeyHidesInfoEventsAndClearEmptiesThePane() {
        let (warnings, _) = press([.character("l")])
        #expect(warnings.visibleEvents.allSatisfy { $0.level >= .warning })
        #expect(press([.character("c")]).0.visibleEvents.isEmpty)
    }

    @Test func copyInInspectorSendsTheRedactedCurlLine() {
        let (_, commands) = press([.end, .enter, .character("y")])
        guard case .copyToClipboard(let text)? = commands.first else {
            Issue.record("no copy command")
            return
        }
        #expect(text.hasPrefix("curl http://127.0.0.1:3456/v1/chat/completions"))
        #expect(text.contains("$CLAUDE_PROXY_KEY"))
    }
}
