import HTTPTypes
import Hummingbird
import ProxyCore

/// Requires one of the configured client keys on every route but the open ones (`OpenRoutes`),
/// as `Authorization: Bearer KEY` or `x-api-key: KEY`, compared in constant time. With no keys
/// configured (the loopback default) every local client is let in.
struct ClientAuthMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext
    let service: ProxyService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let keys = service.snapshot(for: context).settings.clientKeys
        guard !keys.isEmpty, !OpenRoutes.isOpen(method: request.method, path: request.uri.path) else {
            return try await next(request, context)
        }
        var presented = request.headers[HTTPField.Name("x-api-key")!]
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { presented = String(parts[1]) }
        }
        guard let presented, !presented.isEmpty else {
            throw ProxyError(
                kind: .authentication, status: 401,
                message: "Missing API key: send one of this proxy's client keys as 'Authorization: Bearer KEY'.",
                code: "missing_api_key")
        }
        // Check every key so the time taken does not reveal which one (or whether any) nearly matched.
        var matched: String?
        for key in keys where ConstantTime.equals(key.key, presented) { matched = key.name }
        guard let matched else {
            throw ProxyError(
                kind: .authentication, status: 401,
                message: "Incorrect API key provided: \(Redactor.redact(presented)). Use one of this proxy's client keys.",
                code: "invalid_api_key")
        }
        context.clientName = matched
        return try await next(request, context)
    }
}
