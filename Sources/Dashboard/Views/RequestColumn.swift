/// One column of the requests table: its heading, width and how readily it is dropped when
/// the terminal is narrow (higher `priority` goes first).
struct RequestColumn: Equatable {
    enum Field: Equatable {
        case time, client, api, model, stream, state, elapsed, ttft, tokens, rate, stop
    }

    var field: Field
    var title: String
    var width: Int
    var priority: Int
    var alignRight = false
    /// Takes whatever width is left over.
    var flexible = false

    static let all: [RequestColumn] = [
        RequestColumn(field: .time, title: "time", width: 8, priority: 0),
        RequestColumn(field: .client, title: "client", width: 10, priority: 1),
        RequestColumn(field: .api, title: "api", width: 11, priority: 2),
        RequestColumn(field: .model, title: "model", width: 18, priority: 0, flexible: true),
        RequestColumn(field: .stream, title: "str", width: 3, priority: 2),
        RequestColumn(field: .state, title: "state", width: 9, priority: 0),
        RequestColumn(field: .elapsed, title: "elapsed", width: 7, priority: 0, alignRight: true),
        RequestColumn(field: .ttft, title: "ttft", width: 6, priority: 1, alignRight: true),
        RequestColumn(field: .tokens, title: "in/out", width: 11, priority: 1, alignRight: true),
        RequestColumn(field: .rate, title: "tok/s", width: 6, priority: 3, alignRight: true),
        RequestColumn(field: .stop, title: "stop", width: 12, priority: 3),
    ]

    /// The `api` column's text: the dialect the client spoke (`chat`, `responses`, `messages`,
    /// `completions`; `count` for token counting), or the path of a refused request.
    static func apiLabel(_ route: String) -> String {
        route == "count_tokens" ? "count" : route
    }

    /// The columns that fit `width` (one space between columns), the flexible one widened
    /// to use the rest; on very wide screens the client and stop columns grow too.
    static func fitting(width: Int) -> [RequestColumn] {
        var columns = all
        func needed(_ columns: [RequestColumn]) -> Int {
            columns.reduce(0) { $0 + $1.width } + max(0, columns.count - 1)
        }
        while needed(columns) > width, let drop = columns.indices.max(by: { columns[$0].priority < columns[$1].priority }),
            columns[drop].priority > 0
        {
            columns.remove(at: drop)
        }
        var spare = width - needed(columns)
        if spare > 60 {
            for field in [Field.client, .stop] {
                if let index = columns.firstIndex(where: { $0.field == field }) {
                    columns[index].width += 8
                    spare -= 8
                }
            }
        }
        if let flex = columns.firstIndex(where: \.flexible) { columns[flex].width += max(0, spare) }
        return columns
    }
}
