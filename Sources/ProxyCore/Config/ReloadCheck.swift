/// Decides whether a reloaded configuration may replace the running one, and what of it applies.
///
/// A reload must never leave the service in a state it would refuse to start in, and it cannot
/// move the listening socket: the new settings keep the running host and port, and the check is
/// made against both the new file's address and the address actually being listened on (so
/// removing every client key while listening on 0.0.0.0 is refused even if the same file also
/// moves `listen.host` to 127.0.0.1, which only takes effect after a restart).
public struct ReloadCheck: Sendable {
    /// The settings to swap in: the new configuration, still listening where the server listens.
    public var settings: ProxySettings
    /// Set when the new configuration names another listen address, which needs a restart.
    public var listenAddressNote: String?

    /// Throws a `ConfigError` saying why when the new configuration must not be applied.
    public static func check(new: ProxySettings, running: ProxySettings) throws(ConfigError) -> ReloadCheck {
        let source = new.configPath ?? "environment"
        if let problem = new.startupProblem() {
            throw ConfigError(file: source, key: "clientKeys", reason: problem)
        }
        var applied = new
        applied.host = running.host
        applied.port = running.port
        if let problem = applied.startupProblem() {
            throw ConfigError(
                file: source, key: "clientKeys",
                reason: "the server is still listening on \(Redactor.redactIfSecretLike(running.host)) until it "
                    + "restarts. " + problem)
        }
        var note: String?
        if new.host != running.host || new.port != running.port {
            note = "the listen address change to \(Redactor.redactIfSecretLike(new.host)):\(new.port) needs a restart; "
                + "still listening on \(Redactor.redactIfSecretLike(running.host)):\(running.port)"
        }
        return ReloadCheck(settings: applied, listenAddressNote: note)
    }
}
