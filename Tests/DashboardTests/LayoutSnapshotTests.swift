import Dashboard
import ProxyCore
import Testing

/// The screen as text at the sizes people use; `UPDATE_SNAPSHOTS=1 swift test --filter LayoutSnapshotTests`
/// records new golden files after an intended change (then read the diff).
@Suite struct LayoutSnapshotTests {
    let unicode = TerminalCapabilities(unicode: true, colour: true)
    let ascii = TerminalCapabilities(unicode: false, colour: false)

    func render(_ state: DashboardState, _ width: Int, _ height: Int, _ capabilities: TerminalCapabilities? = nil) -> CellGrid {
        DashboardRenderer.render(state, width: width, height: height, capabilities: capabilities ?? unicode)
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func overview(size: (Int, Int)) throws {
        let grid = render(DashboardFixtures.busyState(), size.0, size.1)
        try SnapshotAssertion.assertMatches(grid.text, named: "overview-\(size.0)x\(size.1)")
    }

    @Test func smallTerminalOpensTheFocusedLowerPaneAndCollapsesTheOthers() throws {
        var state = DashboardFixtures.busyState()
        state.view.focus = .credentials
        let text = render(state, 80, 24).text
        try SnapshotAssertion.assertMatches(text, named: "credentials-focused-80x24")
        #expect(text.contains(" Live: "))
        #expect(text.contains(" Events: "))
        #expect(text.contains("expires in 1m35s"))
    }

    @Test func inspectorShowsIdentityRedactedHeadersAndCurl() throws {
        var state = DashboardFixtures.busyState()
        state = KeyHandler.handle(.end, in: state).0
        state = KeyHandler.handle(.enter, in: state).0
        let grid = render(state, 120, 40)
        try SnapshotAssertion.assertMatches(grid.text, named: "inspector-120x40")
        let text = grid.text
        #expect(text.contains("identity (mode prepend):"))
        #expect(!text.contains("abcdefghijklmnopqrstuvwxyz0123"))
        #expect(text.contains("sk-ant-…0123"))
    }

    @Test func inspectorHighlightsTheIdentityInsideTheUpstreamBody() {
        var state = DashboardFixtures.busyState()
        state = KeyHandler.handle(.end, in: state).0
        state = KeyHandler.handle(.enter, in: state).0
        let grid = render(state, 200, 60)
        let highlighted = grid.cells.filter { $0.style.role == .identity }.map { String($0.character) }.joined()
        // Shown highlighted three times: the identity itself, in the system prompt sent upstream, in the upstream body.
        #expect(highlighted.components(separatedBy: "You are Claw.").count - 1 == 3)
    }

    @Test func helpAt80x24() throws {
        let state = KeyHandler.handle(.character("?"), in: DashboardFixtures.busyState()).0
        try SnapshotAssertion.assertMatches(render(state, 80, 24).text, named: "help-80x24")
    }

    @Test func asciiFallbackUsesNoNonASCIICharacters() throws {
        let grid = render(DashboardFixtures.busyState(), 80, 24, ascii)
        #expect(grid.text.allSatisfy { $0.isASCII })
        try SnapshotAssertion.assertMatches(grid.text, named: "overview-ascii-80x24")
    }

    @Test func everyRowFitsTheWidthAtEverySize() {
        for (width, height) in [(40, 12), (80, 24), (100, 30), (120, 40), (200, 60), (300, 80)] {
            let grid = render(DashboardFixtures.busyState(), width, height)
            #expect(grid.text.split(separator: "\n", omittingEmptySubsequences: false).count == height)
            for line in grid.text.split(separator: "\n") {
                #expect(DisplayWidth.of(line) <= width)
            }
        }
    }

    @Test func tooSmallTerminalSaysSo() {
        #expect(render(DashboardFixtures.busyState(), 30, 8).text.contains("too small"))
    }

    @Test func wideCharactersTakeTwoCellsAndNeverSplit() {
        var grid = CellGrid(width: 5, height: 1)
        grid.put("日本語", x: 0, y: 0)
        #expect(grid.text == "日本")
        #expect(grid[1, 0].isContinuation)
    }
}
