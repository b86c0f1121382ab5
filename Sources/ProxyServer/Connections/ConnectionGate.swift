import Synchronization

/// Counts the client connections being served and refuses those beyond `limits.maxConnections`,
/// so that a flood of connections cannot use up the process's file descriptors.
///
/// A refused connection is answered (503) while fewer than `answeredRefusals` answers are under
/// way; beyond that, in a flood, it is closed at once so refusals cannot use up descriptors either.
final class ConnectionGate: Sendable {
    enum Decision: Equatable {
        case admitted
        case refused(answer: Bool)
    }

    static let answeredRefusals = 32

    let limit: Int
    private let open = Atomic<Int>(0)
    private let refusing = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    var openConnections: Int { open.load(ordering: .relaxed) }

    /// Counts one more connection when there is room; `release()` (or `refusalDone()`) undoes it.
    func admit() -> Decision {
        let count = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard count > limit else { return .admitted }
        open.wrappingSubtract(1, ordering: .relaxed)
        let answering = refusing.wrappingAdd(1, ordering: .relaxed).newValue
        guard answering <= Self.answeredRefusals else {
            refusing.wrappingSubtract(1, ordering: .relaxed)
            return .refused(answer: false)
        }
        return .refused(answer: true)
    }

    func release() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    /// An answered refusal's connection has closed.
    func refusalDone() {
        refusing.wrappingSubtract(1, ordering: .relaxed)
    }
}
