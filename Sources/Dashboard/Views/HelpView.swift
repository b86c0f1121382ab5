/// The help overlay (`?`): every key, and what the panes and colours mean.
struct HelpView {
    let state: DashboardState
    let glyphs: Glyphs

    static let keys: [(String, String)] = [
        ("↑ ↓  j k", "select a request / scroll the focused pane"),
        ("PgUp PgDn", "page; Home/End jump"),
        ("Enter", "inspect the selected request"),
        ("Esc", "back / clear the filter / follow the newest"),
        ("Tab", "next pane (small terminals: open it)"),
        ("f", "force-refresh credentials now"),
        ("r", "reload and validate the configuration file"),
        ("p", "pause the display (traffic keeps flowing)"),
        ("c", "clear the events pane"),
        ("/", "filter requests and events by text"),
        ("l", "events level: all, warnings+, errors"),
        ("y", "inspector: copy the curl line (OSC 52)"),
        ("u", "usage: spend by day, model, client; budgets"),
        ("?", "this help"),
        ("q", "quit (asks while streams are active)"),
    ]

    func draw(into grid: inout CellGrid, area: Rect) {
        let width = min(area.width, 66)
        let height = min(area.height, Self.keys.count + 7)
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        grid.fill(rect)
        PaneFrame(glyphs: glyphs).draw(into: &grid, rect: rect, title: StyledLine("Help", .title), note: StyledLine("Esc closes", .muted), focused: true)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        var lines: [StyledLine] = []
        for (key, action) in Self.keys {
            let shown = glyphs.up == "↑" ? key : key.replacingArrows(glyphs)
            lines.append(StyledLine(shown.padded(12), .accent, bold: true) + StyledLine(action))
        }
        lines.append(StyledLine())
        lines.append(StyledLine("Mode: ", .muted) + StyledLine(modeText, .normal))
        lines.append(StyledLine("Logs go to the log file and the events pane, never here.", .muted))
        for (offset, line) in lines.prefix(inner.height).enumerated() {
            grid.put(line, x: inner.x, y: inner.y + offset, maxWidth: inner.width)
        }
    }

    private var modeText: String {
        switch state.context.mode {
        case .demo: "DEMO — simulated upstream, demo traffic, no credentials used"
        case .embedded: "embedded — quitting stops the proxy (streams drain first)"
        case .attached(let url): "attached to \(url) — quitting leaves it running"
        }
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        let used = DisplayWidth.of(self)
        return used >= width ? self + " " : self + String(repeating: " ", count: width - used)
    }

    fileprivate func replacingArrows(_ glyphs: Glyphs) -> String {
        replacing("↑", with: glyphs.up).replacing("↓", with: glyphs.down)
    }
}
