import ArgumentParser

/// The exit codes `claude-proxy` documents (README, "Exit codes").
enum ProxyExit {
    /// A runtime failure that is not one of the below.
    static let failure = ExitCode(1)
    /// No usable credential, or an unsafe listen address without client keys.
    static let notConfigured = ExitCode(3)
    /// The port is already in use.
    static let portInUse = ExitCode(4)
    /// `check` found a problem with an upstream.
    static let checkFailed = ExitCode(5)
    /// The configuration file (or environment) is invalid.
    static let configError = ExitCode(78)
}
