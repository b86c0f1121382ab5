import Hummingbird

/// Takes the request's `RuntimeSnapshot` once, before anything else looks at the configuration
/// (the client-key check included), and puts it in the request context for the routes.
struct RuntimeSnapshotMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext
    let runtime: RuntimeStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.snapshot = runtime.current
        return try await next(request, context)
    }
}
