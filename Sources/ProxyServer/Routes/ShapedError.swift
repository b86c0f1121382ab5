import HTTPTypes
import Hummingbird
import ProxyCore

/// A `ProxyError` on its way out, in the shape of the client's dialect (OpenAI's for chat,
/// responses and completions, Anthropic's for `/v1/messages`): the one way an error leaves the
/// proxy. Routes throw it, or a plain `ProxyError` that `ErrorMiddleware` shapes by path; the
/// middleware publishes what no route tracked and answers with `response(from:context:)`.
struct ShapedError: HTTPResponseError {
    let error: ProxyError
    let shape: ErrorShape
    /// Headers to add, e.g. the upstream's rate-limit headers in OpenAI's names.
    var extraHeaders: [(String, String)] = []

    var status: HTTPResponse.Status { .init(code: shape.status(for: error)) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorResponse.make(error, shape: shape, extraHeaders: extraHeaders)
    }
}
