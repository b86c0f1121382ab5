import Synchronization

/// Holds the current `RuntimeSnapshot` and swaps it atomically.
///
/// Readers take the whole snapshot in one step. Writers (a reload, a models refresh) describe
/// their change as a function of the snapshot current at the moment of the swap, so two changes
/// racing each other both land: a refresh never undoes a reload's aliases, a reload never drops
/// the live model list a refresh just stored.
public final class RuntimeStore: Sendable {
    private let state: Mutex<RuntimeSnapshot>

    public init(_ snapshot: RuntimeSnapshot) {
        state = Mutex(snapshot)
    }

    /// The snapshot a request starting now uses.
    public var current: RuntimeSnapshot { state.withLock { $0 } }

    /// Replaces the current snapshot with `change(current)` and returns the new one; `change`
    /// returns nil to keep the current one (and then `swap` returns nil). `change` runs under
    /// the lock: keep it to building the new value.
    @discardableResult
    public func swap(_ change: (RuntimeSnapshot) -> RuntimeSnapshot?) -> RuntimeSnapshot? {
        state.withLock { snapshot in
            guard let next = change(snapshot) else { return nil }
            snapshot = next
            return next
        }
    }
}
