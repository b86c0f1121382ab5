import ProxyCore

/// The two header lines: who and where (version, listen address, DEMO/embedded/attached and
/// the connection, uptime), then upstream health, request counts, rate, tokens and cost today.
struct HeaderView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: CellStyle(.title, reverse: true))
        grid.put(identityLine, x: rect.x, y: rect.y, maxWidth: rect.width)
        if rect.height > 1 {
            let full = trafficLine(compact: false)
            grid.put(full.width <= rect.width ? full : trafficLine(compact: true), x: rect.x, y: rect.y + 1, maxWidth: rect.width)
        }
    }

    private var identityLine: StyledLine {
        let bar = CellStyle(.title, bold: true, reverse: true)
        let plain = CellStyle(.title, reverse: true)
        var line = StyledLine(" claude-proxy \(state.context.version) ", bar)
        line.append(" \(state.context.listenURL) ", plain)
        switch state.context.mode {
        case .demo:
            line.append(" DEMO ", CellStyle(.demo, bold: true, reverse: true))
            line.append(" simulated upstream ", plain)
        case .embedded:
            line.append(" embedded ", plain)
        case .attached(let url):
            line.append(" attached \(url) ", plain)
        }
        switch state.connection {
        case .reconnecting(let attempt, let reason):
            let text = attempt == 0 ? " connecting… " : " DISCONNECTED — reconnecting (try \(attempt): \(reason)) "
            line.append(text, CellStyle(.error, bold: true, reverse: true))
        case .connected, .embedded:
            break
        }
        if let started = state.context.serverStartedAt {
            line.append(" up \(DisplayFormat.duration(seconds: Int(state.now - started))) ", plain)
        }
        if state.isPaused { line.append(" PAUSED ", CellStyle(.warn, bold: true, reverse: true)) }
        return line
    }

    private func trafficLine(compact: Bool) -> StyledLine {
        let traffic = state.displayed
        var line = StyledLine(" ")
        for upstream in traffic.upstreams {
            let (role, word): (ColorRole, String) = switch upstream.verdict {
            case .ok: (.ok, "ok")
            case .degraded: (.warn, "degraded")
            case .down: (.error, "down")
            case .unknown: (.muted, "idle")
            }
            line.append(upstream.name + " ", .normal)
            line.append("\(glyphs.bullet) \(word)", role, bold: upstream.verdict == .down)
            line.append(compact ? " " : "  ", .normal)
        }
        if traffic.upstreams.isEmpty { line.append("no upstream traffic yet  ", .muted) }
        let totals = traffic.totals
        line.append("req ", .muted)
        line.append("\(totals.requests)", .normal, bold: true)
        line.append(" · \(traffic.activeCount) \(compact ? "act" : "active")", traffic.activeCount > 0 ? .accent : .muted)
        line.append(" · \(totals.errors) err", totals.errors > 0 ? .error : .muted)
        // Compact with ledger figures: the rate gives way to the money and the budget.
        if !compact || traffic.usage == nil {
            line.append(" · \(traffic.requestsPerMinute(now: state.now))/min", .muted)
        }
        let tokens = "\(DisplayFormat.tokens(totals.inputTokensToday)) in / \(DisplayFormat.tokens(totals.outputTokensToday)) out"
        line.append(compact ? "  today " : "  tok today ", .muted)
        guard let usage = traffic.usage else {
            line.append(compact ? tokens.replacing(" / ", with: "/") : tokens, .normal)
            // Without a ledger: an estimate from the events this dashboard saw.
            let cost = DisplayFormat.money(totals.costToday)
            line.append(" · " + (cost.hasPrefix("<") || cost == "$0" ? cost : "~" + cost), .accent)
            return line
        }
        // Compact: the money matters more than the token counts.
        if !compact {
            line.append(tokens, .normal)
            line.append(" · ", .muted)
        }
        line.append(DisplayFormat.money(usage.today.costUSD), .accent)
        line.append(compact ? " · mo " : " · month ", .muted)
        line.append(DisplayFormat.money(usage.month.costUSD), .accent)
        if let budget = Self.loudestBudget(usage.budgets) {
            let role: ColorRole = budget.level == .spent && budget.action == .refuse ? .error : .warn
            let percent = Int((budget.fraction * 100).rounded(.down))
            line.append("  ", .normal)
            line.append(compact ? "\(budget.name) \(percent)%" : "budget \(budget.name) \(percent)%", role, bold: true)
        }
        return line
    }

    /// The budget the header warns about: a spent one before a nearly spent one, the fullest first.
    static func loudestBudget(_ budgets: [BudgetStatus]) -> BudgetStatus? {
        budgets.filter { $0.level != .ok }.max { a, b in (a.level, a.fraction) < (b.level, b.fraction) }
    }
}
