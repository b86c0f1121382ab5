import ProxyCore

/// One line of the events pane: refreshes, reloads, retries, errors, disconnects, warnings,
/// and the dashboard's own notes (command results, connection lost/restored).
public struct EventLine: Sendable, Equatable {
    public var time: Double
    public var level: ProxyEvent.LogLevel
    public var text: String

    public init(time: Double, level: ProxyEvent.LogLevel, text: String) {
        self.time = time
        self.level = level
        self.text = text
    }
}
