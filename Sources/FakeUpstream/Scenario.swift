import Foundation

/// A behaviour selected by a `[[scenario:NAME]]` / `[[scenario:NAME:KEY]]` marker in the text of
/// the last user message.
struct Scenario: Sendable, Equatable {
    /// Scenario name, e.g. `tools`, `fail-529-once`, `long`.
    let name: String
    /// Text after the second colon: a counter key for `-once` scenarios, the count for `long`.
    let argument: String?
    /// The exact marker text (`[[scenario:…]]`); `-once` scenarios count occurrences of it.
    let marker: String

    /// True for scenarios that fail only the first time their marker is seen.
    var failsOnce: Bool { name.hasSuffix("-once") }

    /// Finds the first marker in `text`.
    static func find(in text: String) -> Scenario? {
        guard let start = text.range(of: "[[scenario:") else { return nil }
        guard let end = text.range(of: "]]", range: start.upperBound..<text.endIndex) else { return nil }
        let inner = text[start.upperBound..<end.lowerBound]
        guard !inner.isEmpty else { return nil }
        let parts = inner.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return Scenario(
            name: String(parts[0]),
            argument: parts.count > 1 ? String(parts[1]) : nil,
            marker: String(text[start.lowerBound..<end.upperBound])
        )
    }
}
