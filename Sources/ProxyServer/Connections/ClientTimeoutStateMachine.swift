import NIOCore

/// When a client connection has taken too long: a request (head and body) must arrive within
/// `read` once its first byte did, and a connection with nothing in progress is closed after
/// `idle`. While a response is being produced — a generation streaming for minutes — neither
/// applies: a slow answer is the upstream's business, not a misbehaving client.
struct ClientTimeoutStateMachine: Sendable, Equatable {
    enum State: Sendable, Equatable {
        /// Nothing in progress since `since`.
        case idle(since: NIODeadline)
        /// A request began arriving at `since` and is not complete yet.
        case reading(since: NIODeadline)
        /// Every request read; responses still being written.
        case responding
    }

    let read: TimeAmount
    let idle: TimeAmount
    private(set) var state: State
    /// Requests whose response has not been completely written.
    private var unanswered = 0

    init(read: TimeAmount, idle: TimeAmount, now: NIODeadline) {
        self.read = read
        self.idle = idle
        state = .idle(since: now)
    }

    /// When the connection times out in its current state; nil while responding.
    var deadline: NIODeadline? {
        switch state {
        case .idle(let since): since + idle
        case .reading(let since): since + read
        case .responding: nil
        }
    }

    /// Bytes arrived (before decoding): while idle, a request has begun.
    mutating func bytesArrived(now: NIODeadline) {
        if case .idle = state { state = .reading(since: now) }
    }

    mutating func requestHeadRead(now: NIODeadline) {
        unanswered += 1
        if case .reading = state { return }
        state = .reading(since: now)
    }

    mutating func requestEndRead(now: NIODeadline) {
        state = unanswered > 0 ? .responding : .idle(since: now)
    }

    mutating func responseEndWritten(now: NIODeadline) {
        unanswered = max(0, unanswered - 1)
        if unanswered == 0, state == .responding { state = .idle(since: now) }
    }

    func hasTimedOut(now: NIODeadline) -> Bool {
        deadline.map { now >= $0 } ?? false
    }
}
