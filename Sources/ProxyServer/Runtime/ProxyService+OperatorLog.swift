import Logging
import ProxyCore

extension ProxyService {
    /// Metadata naming the hub event a log record repeats, so the log handler that mirrors
    /// warnings to the hub does not publish it twice.
    public static let onHubMetadataKey = "event"

    /// Tells the operator something they must act on: a warning event for the dashboard and
    /// `/admin/events`, and a warning line in the log.
    func warn(_ message: String) {
        hub.publish(.log(level: .warning, message: message))
        logger.warning("\(message)", metadata: [Self.onHubMetadataKey: "warning"])
    }
}
