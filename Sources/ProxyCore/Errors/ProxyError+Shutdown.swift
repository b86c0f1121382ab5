extension ProxyError {
    /// What a request still running when the shutdown's grace period ends is told: the proxy
    /// stopped it, not the upstream, and retrying shortly is the fix.
    public static let shuttingDown = ProxyError(
        kind: .unavailable, status: 503,
        message: "claude-proxy is shutting down and this request did not finish within its grace period "
            + "(shutdown.graceSeconds). Retry it once the proxy is back.",
        code: "server_shutting_down", retryAfterSeconds: 5)
}
