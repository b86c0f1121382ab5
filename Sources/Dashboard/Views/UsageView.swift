import ProxyCore

/// The usage view (`u`): what the ledger recorded. The last 14 days as bars, the budgets drawn
/// against their spend, and today by model and by client. Fits 80×24: two columns when there is
/// room, one below the other otherwise.
struct UsageView {
    let state: DashboardState
    let glyphs: Glyphs

    func draw(into grid: inout CellGrid, rect: Rect) {
        grid.fill(rect)
        guard let usage = state.displayed.usage else {
            PaneFrame(glyphs: glyphs).draw(
                into: &grid, rect: rect, title: StyledLine("Usage", .title), note: StyledLine("u closes", .muted), focused: true)
            let text =
                "No ledger figures yet. The service publishes them every few seconds while its usage ledger is on "
                + "(config ledger.enabled; the default). `claude-proxy usage` reads the same ledger."
            let lines = TextWrapper.wrap(text, style: CellStyle(.muted), width: max(1, rect.width - 4))
            for (offset, line) in lines.prefix(max(0, rect.height - 2)).enumerated() {
                grid.put(line, x: rect.x + 2, y: rect.y + 1 + offset, maxWidth: rect.width - 4)
            }
            return
        }
        let daysHeight = usage.days.count + 2
        if rect.width >= 72 {
            let left = Rect(x: rect.x, y: rect.y, width: max(34, rect.width * 2 / 5), height: rect.height)
            let right = Rect(x: left.x + left.width, y: rect.y, width: rect.width - left.width, height: rect.height)
            drawDays(usage, into: &grid, rect: left)
            drawBreakdown(usage, into: &grid, rect: right)
        } else {
            let top = Rect(x: rect.x, y: rect.y, width: rect.width, height: min(rect.height / 2, daysHeight))
            drawDays(usage, into: &grid, rect: top)
            drawBreakdown(
                usage, into: &grid, rect: Rect(x: rect.x, y: top.maxY, width: rect.width, height: rect.height - top.height))
        }
    }

    private func drawDays(_ usage: UsageSnapshot, into grid: inout CellGrid, rect: Rect) {
        let note = StyledLine("month ", .muted) + StyledLine(DisplayFormat.money(usage.month.costUSD), .accent, bold: true)
        PaneFrame(glyphs: glyphs).draw(
            into: &grid, rect: rect, title: StyledLine("Last \(usage.days.count) days", .title), note: note, focused: true)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        guard inner.width > 0, inner.height > 0 else { return }
        for (offset, line) in Self.dayLines(usage, width: inner.width, glyphs: glyphs).suffix(inner.height).enumerated() {
            grid.put(line, x: inner.x, y: inner.y + offset, maxWidth: inner.width)
        }
    }

    private func drawBreakdown(_ usage: UsageSnapshot, into grid: inout CellGrid, rect: Rect) {
        var title = StyledLine("Today", .title)
        title.append(" \(DisplayFormat.money(usage.today.costUSD)) · \(usage.today.requests) req", .accent)
        let note = usage.unrecordedRows > 0 ? StyledLine("\(usage.unrecordedRows) rows not recorded", .error) : StyledLine("u closes", .muted)
        PaneFrame(glyphs: glyphs).draw(into: &grid, rect: rect, title: title, note: note, focused: true)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        guard inner.width > 0, inner.height > 0 else { return }
        var lines: [StyledLine] = []
        if !usage.budgets.isEmpty {
            lines.append(StyledLine("Budgets", .title, bold: true))
            for budget in usage.budgets { lines.append(contentsOf: Self.budgetLines(budget, width: inner.width, state: state, glyphs: glyphs)) }
        }
        for (heading, rows) in [("By model", usage.todayByModel), ("By client", usage.todayByClient)] {
            lines.append(StyledLine(heading, .title, bold: true))
            if rows.isEmpty { lines.append(StyledLine("  nothing today", .muted)) }
            for row in rows { lines.append(Self.breakdownLine(row, width: inner.width)) }
        }
        for (offset, line) in lines.prefix(inner.height).enumerated() {
            grid.put(line, x: inner.x, y: inner.y + offset, maxWidth: inner.width)
        }
    }

    /// `11-28 ████████░░░░ $1.23  45`: bars scaled to the dearest day (to requests when nothing cost).
    static func dayLines(_ usage: UsageSnapshot, width: Int, glyphs: Glyphs) -> [StyledLine] {
        let byCost = usage.days.contains { $0.figures.costUSD > 0 }
        let peak = usage.days.map { byCost ? $0.figures.costUSD : Double($0.figures.requests) }.max() ?? 0
        let barWidth = max(1, width - 6 - 8 - 6)
        return usage.days.enumerated().map { index, day in
            let value = byCost ? day.figures.costUSD : Double(day.figures.requests)
            let filled = peak > 0 ? Int((value / peak * Double(barWidth)).rounded(.up)) : 0
            let isToday = index == usage.days.count - 1
            var line = StyledLine(String(day.key.suffix(5)) + " ", isToday ? .accent : .muted, bold: isToday)
            line.append(String(repeating: glyphs.barFull, count: filled), day.figures.errors > 0 && day.figures.errors == day.figures.requests ? .error : .accent)
            line.append(String(repeating: glyphs.barEmpty, count: barWidth - filled), .muted)
            line.append(" " + leftPad(DisplayFormat.money(day.figures.costUSD), 7), .normal)
            line.append(" " + leftPad("\(day.figures.requests)", 5), .muted)
            return line
        }
    }

    /// `daily  global/day  ██████░░░░  $4.02 of $5.00  80%` then `  refuses · resets in 3h12m (+$0.10 running)`.
    static func budgetLines(_ budget: BudgetStatus, width: Int, state: DashboardState, glyphs: Glyphs) -> [StyledLine] {
        let role: ColorRole =
            switch budget.level {
            case .ok: .ok
            case .nearing: .warn
            case .spent: budget.action == .refuse ? .error : .warn
            }
        let amounts = " \(DisplayFormat.money(budget.spentUSD))/\(DisplayFormat.money(budget.limitUSD)) \(Int((budget.fraction * 100).rounded(.down)))%"
        let label = " \(budget.name) "
        let barWidth = max(4, width - DisplayWidth.of(label) - DisplayWidth.of(amounts) - 1)
        let filled = min(barWidth, Int((min(1, budget.fraction) * Double(barWidth)).rounded(.up)))
        var first = StyledLine(glyphs.bullet, role)
        first.append(label, .normal, bold: true)
        first.append(String(repeating: glyphs.barFull, count: filled), role)
        first.append(String(repeating: glyphs.barEmpty, count: barWidth - filled), .muted)
        first.append(amounts, role, bold: budget.level != .ok)
        var second = StyledLine("  \(budget.scope)/\(budget.period.rawValue) · ", .muted)
        second.append(budget.level == .spent && budget.action == .refuse ? "refusing" : budget.action.rawValue + "s", role)
        let resetIn = Int(budget.resetsAt.timeIntervalSince1970 - state.now)
        second.append(" · resets in \(DisplayFormat.duration(seconds: resetIn))", .muted)
        let running = " · +\(DisplayFormat.money(budget.inFlightUSD)) running"
        if budget.inFlightUSD > 0 {
            if second.width + DisplayWidth.of(running) <= width {
                second.append(running, .muted)
            } else {
                return [first, second, StyledLine("  +\(DisplayFormat.money(budget.inFlightUSD)) in requests still running", .muted)]
            }
        }
        return [first, second]
    }

    /// `  claude-sonnet-4-5      12 req   $0.41`
    static func breakdownLine(_ row: UsageSnapshot.Line, width: Int) -> StyledLine {
        var cost = DisplayFormat.money(row.figures.costUSD)
        if row.figures.unpricedRequests > 0 { cost += "+?" }
        let tail = " " + leftPad("\(row.figures.requests)", 5) + " req " + leftPad(cost, 8)
        let room = max(1, width - 2 - DisplayWidth.of(tail))
        var key = shortModelID(row.key)
        if DisplayWidth.of(key) > room { key = String(key.prefix(max(1, room - 1))) + "~" }
        var line = StyledLine("  " + key, .normal)
        line.append(String(repeating: " ", count: max(0, room - DisplayWidth.of(key))) + tail, .muted)
        return line
    }

    /// `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`: the date adds nothing at this size.
    static func shortModelID(_ key: String) -> String {
        guard key.hasPrefix("claude-"), let dash = key.lastIndex(of: "-") else { return key }
        let tail = key[key.index(after: dash)...]
        return tail.count == 8 && tail.allSatisfy(\.isNumber) ? String(key[..<dash]) : key
    }

    static func leftPad(_ text: String, _ width: Int) -> String {
        let used = DisplayWidth.of(text)
        return used >= width ? text : String(repeating: " ", count: width - used) + text
    }
}
