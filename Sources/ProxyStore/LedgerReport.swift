import Foundation
import ProxyCore

/// A usage summary as `claude-proxy usage` prints it: an aligned table for people, JSON or CSV
/// for scripts. Pure: the rows, the period and the time zone go in, text comes out.
///
/// Unknown costs are never folded into a number: a group with rows on an unpriced model shows its
/// known cost followed by `+?` (the table), `unpriced_requests` (JSON, CSV).
public struct LedgerReport: Sendable {
    public var groups: [LedgerGroup]
    public var grouping: LedgerGrouping
    /// What the period is called in the heading (`today`, `2026-11-01 to 2026-11-30`).
    public var periodLabel: String
    public var period: LedgerPeriod
    public var timeZone: TimeZone
    /// The configured budgets with what their current periods have spent (each in its own period,
    /// which need not be the report's); empty when none are configured.
    public var budgets: [BudgetStatus]

    public init(
        groups: [LedgerGroup], grouping: LedgerGrouping, periodLabel: String, period: LedgerPeriod, timeZone: TimeZone,
        budgets: [BudgetStatus] = []
    ) {
        self.groups = groups
        self.grouping = grouping
        self.periodLabel = periodLabel
        self.period = period
        self.timeZone = timeZone
        self.budgets = budgets
    }

    /// The zone's name as people write it: Linux's Foundation calls UTC `GMT`.
    var zoneName: String {
        timeZone.identifier == "GMT" && timeZone.secondsFromGMT() == 0 ? "UTC" : timeZone.identifier
    }

    public var total: LedgerTotals {
        groups.reduce(into: LedgerTotals()) { $0.add($1.totals) }
    }

    static let columns = [
        "REQUESTS", "ERRORS", "INPUT", "OUTPUT", "CACHE READ", "CACHE WRITE", "THINKING", "COST USD",
    ]

    /// The aligned table, heading and footnotes included, ending in a newline.
    public func table() -> String {
        var lines: [[String]] = [[grouping.rawValue.uppercased()] + Self.columns]
        for group in groups { lines.append([group.key] + Self.cells(group.totals)) }
        lines.append(["TOTAL"] + Self.cells(total))
        var widths = [Int](repeating: 0, count: lines[0].count)
        for line in lines {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func render(_ line: [String]) -> String {
            line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        var output = "claude-proxy usage, \(periodLabel) (\(zoneName)), by \(grouping.rawValue)\n"
        output += render(lines[0]) + "\n"
        for line in lines.dropFirst().dropLast() { output += render(line) + "\n" }
        output += String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n"
        output += render(lines[lines.count - 1]) + "\n"
        if total.unpricedRequests > 0 {
            output += "+? \(total.unpricedRequests) request\(total.unpricedRequests == 1 ? "" : "s") used a model without a "
                + "known price: cost unknown, not included (set `prices` in the config)\n"
        }
        return output + budgetTable()
    }

    /// The budgets under the usage table: each in its current period, whatever period the report covers.
    public func budgetTable() -> String {
        guard !budgets.isEmpty else { return "" }
        var lines: [[String]] = [["BUDGET", "SCOPE", "PERIOD", "SPENT", "LIMIT", "USED", "ACTION", "STATE", "RESETS (UTC)"]]
        for status in budgets {
            lines.append([
                status.name, status.scope, status.period.rawValue, BudgetFormat.usd(status.spentUSD),
                BudgetFormat.usd(status.limitUSD), "\(Int((status.fraction * 100).rounded(.down))) %",
                status.action.rawValue, status.level.rawValue, BudgetFormat.time(status.resetsAt),
            ])
        }
        var widths = [Int](repeating: 0, count: lines[0].count)
        for line in lines {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        let numeric: Set<Int> = [3, 4, 5]
        var output = "\nbudgets (their current periods)\n"
        for line in lines {
            output += line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return numeric.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        return output
    }

    static func cells(_ totals: LedgerTotals) -> [String] {
        [
            String(totals.requests), String(totals.errors), String(totals.inputTokens), String(totals.outputTokens),
            String(totals.cacheReadTokens), String(totals.cacheWriteTokens), String(totals.thinkingTokens),
            costText(totals),
        ]
    }

    /// `$1.2345`; `$0.0100+?` when some of it is unknown; `unknown` when all of it is.
    static func costText(_ totals: LedgerTotals) -> String {
        let known = "$" + String(format: "%.4f", totals.costUSD)
        if totals.unpricedRequests == 0 { return known }
        return totals.unpricedRequests == totals.requests ? "unknown" : known + "+?"
    }

    /// `{"period": {...}, "by": …, "groups": [...], "total": {...}}`, one line.
    public func json() -> String {
        var root = JSONObject()
        var period = JSONObject()
        period["label"] = .string(periodLabel)
        period["from"] = self.period.from.map { JSONValue.string(Self.timestamp($0, timeZone)) } ?? .null
        period["until"] = self.period.until.map { JSONValue.string(Self.timestamp($0, timeZone)) } ?? .null
        period["time_zone"] = .string(zoneName)
        root["period"] = .object(period)
        root["by"] = .string(grouping.rawValue)
        root["groups"] = .array(groups.map { group -> JSONValue in
            var object = JSONObject()
            object["key"] = .string(group.key)
            for (name, value) in Self.fields(group.totals) { object[name] = value }
            return .object(object)
        })
        var totalObject = JSONObject()
        for (name, value) in Self.fields(total) { totalObject[name] = value }
        root["total"] = .object(totalObject)
        root["budgets"] = .array(budgets.map(EventWireFormat.budgetJSON))
        return JSONWriter.string(.object(root)) + "\n"
    }

    static func fields(_ totals: LedgerTotals) -> [(String, JSONValue)] {
        [
            ("requests", JSONValue(totals.requests)), ("errors", JSONValue(totals.errors)),
            ("input_tokens", JSONValue(totals.inputTokens)), ("output_tokens", JSONValue(totals.outputTokens)),
            ("cache_read_tokens", JSONValue(totals.cacheReadTokens)),
            ("cache_write_tokens", JSONValue(totals.cacheWriteTokens)),
            ("thinking_tokens", JSONValue(totals.thinkingTokens)),
            ("cost_usd", .number(roundedCost(totals.costUSD))), ("cost_complete", .bool(totals.costIsComplete)),
            ("unpriced_requests", JSONValue(totals.unpricedRequests)),
        ]
    }

    /// A header line and one line per group (no total: a spreadsheet adds its own).
    public func csv() -> String {
        var output = grouping.rawValue + ",requests,errors,input_tokens,output_tokens,cache_read_tokens,"
            + "cache_write_tokens,thinking_tokens,cost_usd,unpriced_requests\n"
        for group in groups {
            let t = group.totals
            let numbers = [
                t.requests, t.errors, t.inputTokens, t.outputTokens, t.cacheReadTokens, t.cacheWriteTokens, t.thinkingTokens,
            ].map(String.init)
            output += ([Self.csvField(group.key)] + numbers + [String(format: "%.6f", t.costUSD), String(t.unpricedRequests)])
                .joined(separator: ",") + "\n"
        }
        return output
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func roundedCost(_ cost: Double) -> Double { (cost * 1_000_000).rounded() / 1_000_000 }

    static func timestamp(_ date: Date, _ timeZone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
