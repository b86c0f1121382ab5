import HTTPTypes
import Hummingbird
import ProxyCore

/// Turns anything thrown by a route into an OpenAI-shaped JSON error: never an empty body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as ProxyError {
            return ErrorResponse.make(error)
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let kind: ProxyError.Kind =
                switch status {
                case 404: .notFound
                case 413: .requestTooLarge
                case 401: .authentication
                default: status >= 500 ? .upstream : .invalidRequest
                }
            let message =
                status == 413
                ? "The request body is larger than this proxy accepts (limits.maxBodyBytes)."
                : error.body ?? error.status.reasonPhrase
            return ErrorResponse.make(ProxyError(kind: kind, status: status, message: message))
        } catch {
            context.logger.error("unhandled error: \(error)")
            return ErrorResponse.make(
                ProxyError(kind: .upstream, status: 500, message: "Internal proxy error: \(error)", code: "internal_error"))
        }
    }
}
