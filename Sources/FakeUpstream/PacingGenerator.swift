/// Computes pauses for a ``ReplyPlan/Pacing``; deterministic for a given seed.
struct PacingGenerator: Sendable {
    let pacing: ReplyPlan.Pacing
    private var state: UInt64

    init(pacing: ReplyPlan.Pacing) {
        self.pacing = pacing
        if case .natural(let seed) = pacing { state = seed | 1 } else { state = 1 }
    }

    /// Pause after the event at `offset` (offset 1 is the `ping`, i.e. time to first token).
    mutating func pause(afterDelta isDelta: Bool, offset: Int) -> Duration {
        switch pacing {
        case .none: return .zero
        case .fixed(let delay): return delay
        case .deltasOnly(let delay): return isDelta ? delay : .zero
        case .natural:
            if offset == 1 { return .milliseconds(250) }
            guard isDelta else { return .zero }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return .milliseconds(30 + Int((state >> 33) % 31))
        }
    }
}
