/// The usage ledger's configuration (`ledger` in the config file). Read at start; a reload does
/// not move or reopen the database.
public struct LedgerSettings: Sendable, Equatable {
    /// Whether finished requests are recorded at all.
    public var enabled = true
    /// The database file; nil: `$XDG_STATE_HOME/claude-proxy/claude-proxy.sqlite`.
    public var path: String?
    /// Rows older than this many days are deleted in the background.
    public var retentionDays = 400

    public init(enabled: Bool = true, path: String? = nil, retentionDays: Int = 400) {
        self.enabled = enabled
        self.path = path
        self.retentionDays = retentionDays
    }
}
