import Foundation
import Testing

/// Compares text with a golden file in `Tests/DashboardSnapshots/`; `UPDATE_SNAPSHOTS=1`
/// (re)writes the files instead. Kept outside the test target so SwiftPM needs no resources.
enum SnapshotAssertion {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("DashboardSnapshots")

    static func assertMatches(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(url.path); run with UPDATE_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
            return
        }
        #expect(text + "\n" == expected, "layout differs from \(name).txt", sourceLocation: sourceLocation)
    }
}
