/// The samples of a Prometheus text exposition, read strictly enough for tests: every line is
/// a comment or `name{label="value",...} number`, and anything else fails the read.
struct PrometheusSamples {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    enum ReadError: Error { case malformed(String) }

    let samples: [Sample]
    /// `# TYPE` lines: metric name to type.
    let types: [String: String]

    init(_ text: String) throws {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4 else { throw ReadError.malformed(String(line)) }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw ReadError.malformed(String(line))
            }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let open = series.firstIndex(of: "{") {
                guard series.hasSuffix("}") else { throw ReadError.malformed(String(line)) }
                name = String(series[..<open])
                let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
                for pair in body.split(separator: ",") {
                    let halves = pair.split(separator: "=", maxSplits: 1)
                    guard halves.count == 2, halves[1].hasPrefix("\""), halves[1].hasSuffix("\"") else {
                        throw ReadError.malformed(String(line))
                    }
                    labels[String(halves[0])] = String(halves[1].dropFirst().dropLast())
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        self.samples = samples
        self.types = types
    }

    /// The value of the one series named `name` whose labels include `labels`; nil when none does.
    /// Several matching series are summed.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }
}
