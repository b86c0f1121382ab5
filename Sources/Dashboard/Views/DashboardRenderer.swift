/// The screen as a pure function of the state: `(state, size, capabilities) → CellGrid`.
/// No terminal involved, so every screen can be checked as text (the golden snapshots).
public enum DashboardRenderer {
    public static func render(_ state: DashboardState, width: Int, height: Int, capabilities: TerminalCapabilities)
        -> CellGrid
    {
        var grid = CellGrid(width: width, height: height, unicode: capabilities.unicode)
        let glyphs = Glyphs.for(capabilities)
        guard width >= ScreenLayout.minimumWidth, height >= ScreenLayout.minimumHeight else {
            let message = "claude-proxy: terminal \(width)x\(height) is too small (need \(ScreenLayout.minimumWidth)x\(ScreenLayout.minimumHeight)); q quits"
            for (offset, line) in TextWrapper.wrap(message, width: max(1, width)).prefix(height).enumerated() {
                grid.put(line, x: 0, y: offset, maxWidth: width)
            }
            return grid
        }
        let layout = ScreenLayout.overview(
            width: width, height: height, focus: state.view.focus, credentialCount: state.displayed.credentials.count)
        HeaderView(state: state, glyphs: glyphs).draw(into: &grid, rect: layout.header)
        FooterView(state: state, glyphs: glyphs).draw(into: &grid, rect: layout.footer)

        switch state.view.mode {
        case .inspector(let requestID):
            InspectorView(state: state, glyphs: glyphs).draw(into: &grid, rect: layout.body, requestID: requestID)
        case .usage:
            UsageView(state: state, glyphs: glyphs).draw(into: &grid, rect: layout.body)
        case .overview, .help:
            RequestsView(state: state, glyphs: glyphs).draw(into: &grid, rect: layout.requests)
            if let rect = layout.live { LiveStreamView(state: state, glyphs: glyphs).draw(into: &grid, rect: rect) }
            if let rect = layout.credentials { CredentialsView(state: state, glyphs: glyphs).draw(into: &grid, rect: rect) }
            if let rect = layout.events { EventsView(state: state, glyphs: glyphs).draw(into: &grid, rect: rect) }
            let collapsed = CollapsedPaneView(state: state, glyphs: glyphs)
            for pane in Pane.allCases {
                if let rect = layout.collapsed[pane] { collapsed.draw(pane, into: &grid, rect: rect) }
            }
            if state.view.mode == .help {
                HelpView(state: state, glyphs: glyphs).draw(into: &grid, area: layout.body)
            }
        }
        return grid
    }
}
