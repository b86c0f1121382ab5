/// What a key asks of the world outside the dashboard's state.
public enum ControlCommand: Sendable, Equatable {
    /// Run the credential refresh path now (`f`).
    case refreshCredentials
    /// Reload and validate the configuration file (`r`).
    case reloadConfiguration
    /// Leave the dashboard (embedded mode drains in-flight streams first).
    case quit
    /// Put text on the terminal's clipboard (OSC 52), e.g. the inspector's curl line.
    case copyToClipboard(String)

    var verb: String {
        switch self {
        case .refreshCredentials: "refresh"
        case .reloadConfiguration: "reload"
        case .quit: "quit"
        case .copyToClipboard: "copy"
        }
    }
}
