/// The Responses store's configuration (`responses` in the config file): whether `store: true`
/// requests are kept for `previous_response_id`, `GET` and `DELETE /v1/responses/{id}`, and how
/// long and how much is kept. Read at start, like the ledger: the store shares its database.
public struct ResponsesSettings: Sendable, Equatable {
    /// Whether responses are kept at all; false makes every response `store: false`.
    public var store = true
    /// Responses older than this many days are deleted in the background.
    public var maxAgeDays = 30
    /// Past this many megabytes (10^6 bytes) of stored responses, the oldest are deleted.
    public var maxMegabytes = 100

    public init(store: Bool = true, maxAgeDays: Int = 30, maxMegabytes: Int = 100) {
        self.store = store
        self.maxAgeDays = maxAgeDays
        self.maxMegabytes = maxMegabytes
    }

    /// `maxMegabytes` in bytes.
    public var maxBytes: Int { maxMegabytes * 1_000_000 }
}
