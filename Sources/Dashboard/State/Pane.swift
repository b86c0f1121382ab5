/// The overview's panes that `Tab` moves between; the focused pane takes the arrow keys and,
/// on a small terminal, is the one shown in full while the others collapse to a line.
public enum Pane: String, Sendable, Equatable, CaseIterable {
    case requests, live, credentials, events

    public var next: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    public var previous: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + all.count - 1) % all.count]
    }

    public var title: String {
        switch self {
        case .requests: "Requests"
        case .live: "Live"
        case .credentials: "Credentials"
        case .events: "Events"
        }
    }
}
