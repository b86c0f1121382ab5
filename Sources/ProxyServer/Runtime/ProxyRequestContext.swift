import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage plus who is calling.
public struct ProxyRequestContext: RequestContext {
    public typealias Source = ApplicationRequestContextSource
    public var coreContext: CoreRequestContextStorage
    /// The client's address, e.g. `127.0.0.1`.
    public let remoteAddress: String
    /// The client key's name once authenticated, for logs and the dashboard.
    public var clientName: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
