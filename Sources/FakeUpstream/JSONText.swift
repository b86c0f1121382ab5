import ProxyCore

/// Object literals assembled from already-serialised member values, for the fake's hand-built
/// response bodies and SSE events; strings are escaped by ProxyCore's `JSONWriter`.
enum JSONText {
    /// Returns `value` as a quoted, escaped JSON string literal.
    static func quote(_ value: String) -> String {
        JSONWriter.quoted(value)
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
