import Foundation
import Logging
import ProxyCore
import ProxyServer

/// Writes log lines to a file: the dashboard owns the terminal, so nothing may be written to it.
struct FileLogHandler: LogHandler {
    private let handle: FileHandle
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ConfigError(file: path, key: "logFile", reason: "cannot open the log file for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let extra = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        handle.write(Data("\(RFC3339.format(unixSeconds: Int(Date().timeIntervalSince1970))) \(event.level) \(event.message)\(extra)\n".utf8))
    }
}

/// Sends warnings and errors to the event stream, where the dashboard's events pane shows them.
struct EventLogHandler: LogHandler {
    let hub: EventHub
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // Already published as its own event (a request's failure, a reload warning).
        if event.metadata?[ProxyService.onHubMetadataKey] != nil { return }
        let level: ProxyEvent.LogLevel = event.level >= .error ? .error : event.level >= .warning ? .warning : .info
        hub.publish(.log(level: level, message: "\(event.message)"))
    }
}
