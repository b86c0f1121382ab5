import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /metrics`: the proxy's metrics in Prometheus text format 0.0.4. Needs a client key when
/// keys are configured, like `/v1` (it is not one of the `OpenRoutes`).
struct MetricsRoute: Sendable {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    let service: ProxyService

    func handle(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let bytes = await service.metrics.scrape(service)
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
