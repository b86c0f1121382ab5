/// What fills the screen: the overview of all panes, one request's inspector, or the help.
public enum ScreenMode: Sendable, Equatable {
    case overview
    case inspector(requestID: String)
    case help
    /// Spending from the ledger: the last days, today by model and client, budgets (`u`).
    case usage
}
