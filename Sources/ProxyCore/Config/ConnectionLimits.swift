/// How many client connections the proxy serves at once when `limits.maxConnections` is not set.
public enum ConnectionLimits {
    /// Descriptors kept for the process itself: log file, event loops, DNS, config reads,
    /// the runtime's own (`/proc` reads by the thread pool), and refused connections' answers.
    public static let reservedDescriptors = 64
    public static let ceiling = 8192

    /// Each served connection may hold an upstream connection too, so half of what is left
    /// after the reserve, and no more than `ceiling`.
    public static func defaultMaxConnections(descriptorLimit: Int) -> Int {
        min(ceiling, max(16, (descriptorLimit - reservedDescriptors) / 2))
    }
}
