/// How many client connections the proxy serves at once (`limits.maxConnections`).
///
/// The process must never run out of descriptors: besides failed accepts, libdispatch's worker
/// pool monitor traps (SIGILL) when it cannot open `/proc` files, which took the proxy down
/// under connection floods. So the cap is bounded by what the descriptor limit allows.
public enum ConnectionLimits {
    /// Descriptors kept for the process itself: log file, event loops, DNS, config reads,
    /// the runtime's own (`/proc` reads by the thread pool), and refused connections' answers.
    public static let reservedDescriptors = 64
    public static let ceiling = 8192

    /// The most connections `descriptorLimit` allows: each may hold an upstream connection
    /// too, so half of what is left after the reserve.
    public static func safeMaxConnections(descriptorLimit: Int) -> Int {
        max(16, (descriptorLimit - reservedDescriptors) / 2)
    }

    /// The default: the safe maximum, and no more than `ceiling`.
    public static func defaultMaxConnections(descriptorLimit: Int) -> Int {
        min(ceiling, safeMaxConnections(descriptorLimit: descriptorLimit))
    }

    /// The cap in effect: the configured one when the descriptors allow it.
    public static func effective(configured: Int?, descriptorLimit: Int) -> Int {
        guard let configured else { return defaultMaxConnections(descriptorLimit: descriptorLimit) }
        return min(configured, safeMaxConnections(descriptorLimit: descriptorLimit))
    }
}
