/// Hand-rolled JSON string quoting, used to build response bodies and SSE events
/// without going through an encoder for every event.
enum JSONText {
    /// Returns `value` as a quoted, escaped JSON string literal.
    static func quote(_ value: String) -> String {
        var needsEscaping = false
        for unit in value.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            needsEscaping = true
            break
        }
        guard needsEscaping else { return "\"" + value + "\"" }
        var result = "\""
        result.reserveCapacity(value.utf8.count + 8)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `"key":value` pairs joined into an object literal; values must already be JSON.
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// A JSON string literal, or `null` when absent.
    static func quoteOrNull(_ value: String?) -> String {
        value.map(quote) ?? "null"
    }
}
