import Hummingbird

/// Test-only routes under `/_fake/` for clients that run the fake as a separate process:
/// `GET /_fake/requests`, `DELETE /_fake/requests` (reset) and `GET /_fake/stats`.
enum FakeIntrospection {
    static func respond(method: HTTPRequest.Method, path: String, fake: FakeAnthropic) async -> Response {
        switch (method, path) {
        case (.get, "/_fake/requests"):
            return json(await fake.requestsJSON())
        case (.delete, "/_fake/requests"), (.post, "/_fake/reset"):
            await fake.reset()
            return json("{\"ok\":true}")
        case (.get, "/_fake/stats"):
            return json(await fake.stats.json)
        default:
            return Response(status: .notFound, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"unknown /_fake route\"}")))
        }
    }

    private static func json(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
