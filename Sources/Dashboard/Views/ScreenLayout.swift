/// Where each pane goes for a terminal size. Large terminals show every pane at once; small
/// ones (80×24) keep the header, the requests and one lower pane in full — the focused one,
/// or the live stream — and collapse the other lower panes to a one-line summary each.
struct ScreenLayout: Equatable {
    var header: Rect
    var footer: Rect
    var body: Rect
    var requests: Rect
    var live: Rect?
    var credentials: Rect?
    var events: Rect?
    var collapsed: [Pane: Rect] = [:]

    static let minimumWidth = 40
    static let minimumHeight = 12

    static func overview(width: Int, height: Int, focus: Pane, credentialCount: Int) -> ScreenLayout {
        let all = Rect(x: 0, y: 0, width: width, height: height)
        let (header, rest) = all.splitTop(2)
        let (body, footerArea) = rest.splitTop(rest.height - 1)
        var layout = ScreenLayout(header: header, footer: footerArea, body: body, requests: body)

        if width >= 100 && body.height >= 27 {
            let (requests, lower) = body.splitTop(max(8, body.height * 2 / 5))
            let (left, right) = lower.splitLeft(lower.width * 11 / 20)
            let credentialRows = min(max(4, credentialCount * 2 + 2), lower.height / 2)
            let (credentials, events) = right.splitTop(credentialRows)
            layout.requests = requests
            layout.live = left
            layout.credentials = credentials
            layout.events = events
            return layout
        }

        let (requests, lower) = body.splitTop(max(5, (body.height * 2 + 4) / 5))
        layout.requests = requests
        let expanded: Pane = focus == .requests ? .live : focus
        let others = [Pane.live, .credentials, .events].filter { $0 != expanded }
        let (remaining, summaries) = lower.splitTop(lower.height - others.count)
        for (offset, pane) in others.enumerated() {
            layout.collapsed[pane] = Rect(x: summaries.x, y: summaries.y + offset, width: summaries.width, height: 1)
        }
        switch expanded {
        case .credentials: layout.credentials = remaining
        case .events: layout.events = remaining
        default: layout.live = remaining
        }
        return layout
    }
}
