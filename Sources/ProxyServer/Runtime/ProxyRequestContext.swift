import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage plus who is calling.
public struct ProxyRequestContext: RequestContext {
    public typealias Source = ApplicationRequestContextSource
    public var coreContext: CoreRequestContextStorage
    /// The client's address, e.g. `127.0.0.1`.
    public let remoteAddress: String
    /// Whether the request's events have been published yet (see `ErrorMiddleware`).
    public let tracking = RequestTracking()
    /// The configuration this request is served with, taken once when it arrived
    /// (`RuntimeSnapshotMiddleware`); use `ProxyService.snapshot(for:)` to read it.
    public var snapshot: RuntimeSnapshot?
    /// The client key's name once authenticated, for logs and the dashboard. Kept in `tracking`
    /// so the outermost middleware sees what the key check found further in.
    public var clientName: String? {
        get { tracking.client }
        nonmutating set { tracking.client = newValue }
    }

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
