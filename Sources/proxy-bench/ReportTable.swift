/// One line of the benchmark table: a metric measured straight at the fake upstream, through
/// claude-proxy and (optionally) through LiteLLM, with the ratios that survive a noisy machine.
struct ReportRow: Sendable {
    var metric: String
    var direct: Double?
    var proxied: Double?
    var litellm: Double?
    /// The budget for this metric, in words ("≥ 0.5× direct"), and whether it is met.
    var budget: String = ""
    var met: Bool?
    /// A section heading row with no values.
    var isHeading = false

    static func heading(_ title: String) -> ReportRow {
        ReportRow(metric: title, isHeading: true)
    }
}

/// Renders `ReportRow`s as one fixed-width text table.
///
/// Ratios are `value ÷ direct`; a missing side prints as `-`.
struct ReportTable {
    var rows: [ReportRow]
    var showLiteLLM: Bool

    func render() -> String {
        var header = ["metric", "direct", "proxied", "prox/dir"]
        if showLiteLLM { header += ["litellm", "lite/dir", "prox/lite"] }
        header += ["budget", "ok"]
        var lines: [[String]] = [header]
        for row in rows {
            if row.isHeading {
                lines.append([row.metric])
                continue
            }
            var cells = [
                "  " + row.metric, Self.format(row.direct), Self.format(row.proxied), Self.ratio(row.proxied, row.direct),
            ]
            if showLiteLLM {
                cells += [Self.format(row.litellm), Self.ratio(row.litellm, row.direct), Self.ratio(row.proxied, row.litellm)]
            }
            cells += [row.budget, row.met.map { $0 ? "yes" : "NO" } ?? ""]
            lines.append(cells)
        }
        var widths = [Int](repeating: 0, count: header.count)
        for line in lines where line.count == header.count {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        var output = ""
        for (number, line) in lines.enumerated() {
            if line.count != header.count {
                output += line[0] + "\n"
                continue
            }
            let padded = line.enumerated().map { column, cell in
                column == 0 || column >= header.count - 2
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            output += padded.joined(separator: "  ").trailingSpacesRemoved + "\n"
            if number == 0 { output += rule + "\n" }
        }
        return output
    }

    static func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        switch abs(value) {
        case 1000...: return String(Int(value.rounded()))
        case 100..<1000: return String(format1(value, digits: 1))
        case 1..<100: return String(format1(value, digits: 2))
        default: return String(format1(value, digits: 3))
        }
    }

    static func ratio(_ value: Double?, _ base: Double?) -> String {
        guard let value, let base, base != 0, value.isFinite, base.isFinite else { return "-" }
        return format1(value / base, digits: 2) + "x"
    }

    /// Fixed-point formatting without Foundation's `String(format:)`.
    static func format1(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        var fraction = String(scaled % Int(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return (value < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + fraction : "")
    }
}

extension String {
    fileprivate func padding(toLength length: Int, withPad pad: String, startingAt _: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }

    fileprivate var trailingSpacesRemoved: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
