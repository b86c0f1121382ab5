/// Word-wraps styled text to a width: breaks at spaces, splits words longer than a line,
/// and starts a new line at every newline.
public enum TextWrapper {
    public static func wrap(_ spans: [TextSpan], width: Int) -> [StyledLine] {
        guard width > 0 else { return [] }
        var lines: [StyledLine] = []
        var line = StyledLine()
        var lineWidth = 0

        func newLine() {
            // A line that ends at a space does not keep it.
            while let last = line.spans.last, last.text.last == " " {
                let trimmed = String(last.text.reversed().drop { $0 == " " }.reversed())
                if trimmed.isEmpty { line.spans.removeLast() } else { line.spans[line.spans.count - 1].text = trimmed; break }
            }
            lines.append(line)
            line = StyledLine()
            lineWidth = 0
        }

        func add(_ text: Substring, style: CellStyle) {
            guard !text.isEmpty else { return }
            if let last = line.spans.last, last.style == style {
                line.spans[line.spans.count - 1].text += text
            } else {
                line.spans.append(TextSpan(String(text), style))
            }
        }

        for span in spans {
            for (index, paragraph) in span.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { newLine() }
                for word in words(paragraph) {
                    let wordWidth = DisplayWidth.of(word)
                    let isSpace = word.first == " "
                    if lineWidth + wordWidth <= width {
                        add(word, style: span.style)
                        lineWidth += wordWidth
                    } else if isSpace {
                        newLine()
                    } else if wordWidth <= width {
                        newLine()
                        add(word, style: span.style)
                        lineWidth = wordWidth
                    } else {
                        if lineWidth > 0 { newLine() }
                        var rest = word[...]
                        while !rest.isEmpty {
                            if lineWidth >= width { newLine() }
                            let (head, tail) = prefix(of: rest, columns: max(1, width - lineWidth))
                            add(head, style: span.style)
                            lineWidth += DisplayWidth.of(head)
                            rest = tail
                        }
                    }
                }
            }
        }
        if !line.spans.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    public static func wrap(_ text: String, style: CellStyle = .normal, width: Int) -> [StyledLine] {
        wrap([TextSpan(text, style)], width: width)
    }

    /// Cuts text to `columns`, ending with `ellipsis` when it had to cut.
    public static func truncate(_ text: String, columns: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(text) > columns else { return text }
        guard columns > DisplayWidth.of(ellipsis) else { return String(prefix(of: text[...], columns: columns).0) }
        return String(prefix(of: text[...], columns: columns - DisplayWidth.of(ellipsis)).0) + ellipsis
    }

    /// Runs of spaces and runs of non-spaces, in order.
    private static func words(_ text: Substring) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if next < text.endIndex, (text[index] == " ") != (text[next] == " ") {
                result.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    private static func prefix(of text: Substring, columns: Int) -> (Substring, Substring) {
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let next = used + DisplayWidth.of(text[index])
            if next > columns { break }
            used = next
            index = text.index(after: index)
        }
        if index == text.startIndex, index < text.endIndex { index = text.index(after: index) }
        return (text[..<index], text[index...])
    }
}
