import Hummingbird
import NIOCore

/// The fake's request context: Hummingbird's core storage plus the connection, which the
/// `hang` scenario watches to notice the client giving up.
struct FakeRequestContext: RequestContext {
    typealias Source = ApplicationRequestContextSource
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
