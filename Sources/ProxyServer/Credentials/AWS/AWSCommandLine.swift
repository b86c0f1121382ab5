/// Splits a `credential_process` command line into arguments the way POSIX shells tokenise words
/// (what botocore's `shlex.split` does), without running a shell: whitespace separates words,
/// single quotes keep everything literally, double quotes keep everything but `\"`, `\\`, `\$`
/// and `` \` `` escapes, and a backslash outside quotes escapes the next character. No
/// expansion of variables, globs or `~` takes place.
enum AWSCommandLine {
    enum SplitError: Error, Equatable {
        case unterminatedQuote
        case trailingBackslash
    }

    static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(line).makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" {
                        closed = true
                        break
                    }
                    current.append(next)
                }
                if !closed { throw .unterminatedQuote }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw .unterminatedQuote }
                        if !["\"", "\\", "$", "`", "\n"].contains(escaped) { current.append("\\") }
                        if escaped != "\n" { current.append(escaped) }
                        continue
                    }
                    current.append(next)
                }
                if !closed { throw .unterminatedQuote }
            case "\\":
                guard let escaped = iterator.next() else { throw .trailingBackslash }
                inWord = true
                if escaped != "\n" { current.append(escaped) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
