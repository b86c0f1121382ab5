import ProxyCore

/// The credentials pane: per upstream credential its kind, redacted id, a live countdown to
/// expiry (coloured as it nears zero), the last refresh (when, how long, result) and the next.
struct CredentialsView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        var title = StyledLine("Credentials", .title)
        if state.view.pendingCommands.contains(.refreshCredentials) { title.append(" refreshing…", .accent) }
        PaneFrame(glyphs: glyphs).draw(
            into: &grid, rect: rect, title: title, note: StyledLine("f refresh", .muted),
            focused: state.view.focus == .credentials)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        guard inner.height > 0, inner.width > 0 else { return }
        let lines = Self.lines(state: state, width: inner.width, glyphs: glyphs)
        for (offset, line) in lines.prefix(inner.height).enumerated() {
            grid.put(line, x: inner.x, y: inner.y + offset, maxWidth: inner.width)
        }
    }

    static func lines(state: DashboardState, width: Int, glyphs: Glyphs) -> [StyledLine] {
        let credentials = state.displayed.credentials
        guard !credentials.isEmpty else { return [StyledLine("no credential reported yet", .muted)] }
        var lines: [StyledLine] = []
        for credential in credentials {
            lines.append(headline(credential, state: state, glyphs: glyphs))
            lines.append(detail(credential, state: state))
        }
        return lines
    }

    /// `● anthropic  expires in 4m12s  console_oauth sk-ant-…3f9a`
    static func headline(_ credential: CredentialStatus, state: DashboardState, glyphs: Glyphs) -> StyledLine {
        let role = stateRole(credential, now: state.now)
        var line = StyledLine("\(glyphs.bullet) ", role)
        line.append(credential.upstream, .normal, bold: true)
        line.append("  ")
        if credential.state == .rejected {
            // Whatever its expiry says, the upstream refused it: that is the news.
            line.append("rejected by upstream", .error, bold: true)
        } else if credential.expiresAt == nil {
            line.append("no expiry", .ok)
        } else {
            let countdown = Countdown.format(expiresAt: credential.expiresAt, now: state.now)
            let prefix = countdown.hasPrefix("expired") ? "" : "expires in "
            let countdownRole = Countdown.role(expiresAt: credential.expiresAt, now: state.now)
            line.append(prefix + countdown, countdownRole, bold: countdownRole != .ok)
        }
        line.append("  \(credential.kind) \(credential.redactedID)", .muted)
        return line
    }

    /// `  refreshed 12:01:03 (340ms, ok) · next 12:05:00 · valid`
    static func detail(_ credential: CredentialStatus, state: DashboardState) -> StyledLine {
        let offset = state.context.utcOffset
        var line = StyledLine("  ")
        if let at = credential.lastRefreshAt {
            let took = credential.lastRefreshMs.map { "\(DisplayFormat.milliseconds($0)), " } ?? ""
            line.append("refreshed \(DisplayFormat.clock(at, utcOffset: offset)) (\(took)\(credential.lastRefreshResult ?? "ok"))", .muted)
        } else {
            line.append("not refreshed yet", .muted)
        }
        if let next = credential.nextRefreshAt {
            line.append(" · next \(DisplayFormat.clock(next, utcOffset: offset))", .muted)
        }
        line.append(" · ", .muted)
        line.append(credential.state.rawValue, stateRole(credential, now: state.now))
        if let message = credential.message { line.append(" — \(message)", .muted) }
        return line
    }

    static func stateRole(_ credential: CredentialStatus, now: Double) -> ColorRole {
        switch credential.state {
        case .expired, .rejected, .failed: .error
        case .expiring, .refreshing: .warn
        case .demo: .demo
        case .valid, .none: Countdown.role(expiresAt: credential.expiresAt, now: now)
        }
    }
}
