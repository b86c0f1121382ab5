/// Percentiles of a set of durations, in milliseconds.
struct LatencySummary: Sendable {
    let count: Int
    let p50: Double
    let p99: Double

    init(_ nanoseconds: [UInt64]) {
        let sorted = nanoseconds.sorted()
        count = sorted.count
        p50 = Self.percentile(sorted, 0.50)
        p99 = Self.percentile(sorted, 0.99)
    }

    /// Nearest-rank percentile; `.nan` when there are no samples.
    private static func percentile(_ sorted: [UInt64], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return Double(sorted[max(0, min(sorted.count - 1, rank))]) / 1e6
    }
}
