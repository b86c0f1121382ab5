import Synchronization

/// One admitted request's place at an upstream. Released exactly once: explicitly when the
/// response body has been read to its end or abandoned, or at the latest when the last
/// reference goes away (a response dropped on a path that forgot it).
final class UpstreamSlot: Sendable {
    private let gate: UpstreamAdmission
    private let released = Atomic<Bool>(false)

    init(_ gate: UpstreamAdmission) {
        self.gate = gate
    }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { gate.leave() }
    }

    deinit { release() }
}
