import Foundation

/// The INI dialect of the AWS shared `config` and `credentials` files: `[section]` headers,
/// `key = value` lines, whole-line `#`/`;` comments, and indented lines that continue a nested
/// setting (`s3 =` followed by `  max_concurrent_requests = 10`), which no credential key uses and
/// are skipped. Section and key names are kept as written; keys are compared case-sensitively,
/// as botocore does.
struct AWSINIFile: Sendable, Equatable {
    /// Settings per section name, e.g. `default`, `profile work`.
    var sections: [String: [String: String]]

    init(parsing text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.lastIndex(of: "]") else {
                    current = nil
                    continue
                }
                let name = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section = current, !isIndented, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            // An inline comment needs whitespace before it, so a `#` inside a value survives.
            for marker in [" #", "\t#", " ;", "\t;"] {
                if let range = value.range(of: marker) { value = String(value[..<range.lowerBound]) }
            }
            value = value.trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            sections[section, default: [:]][key] = value
        }
        self.sections = sections
    }
}
