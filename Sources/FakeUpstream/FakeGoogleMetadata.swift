import Hummingbird
import NIOCore
import ProxyCore

/// The GCE metadata server's token routes (upstreams.md §2.5c, §9.3), so a proxy with a
/// `gce_metadata` credential (`GCE_METADATA_HOST` = the fake) can reach the fake's Vertex routes:
/// `GET /computeMetadata/v1/instance/service-accounts/default/token` and `…/project/project-id`,
/// 403 without `Metadata-Flavor: Google`.
enum FakeGoogleMetadata {
    static let tokenPath = "/computeMetadata/v1/instance/service-accounts/default/token"
    static let projectPath = "/computeMetadata/v1/project/project-id"
    static let project = "fake-project"
    static let flavor = FakeHeaders.FieldName("Metadata-Flavor")!

    static func handles(_ path: String) -> Bool {
        path.hasPrefix("/computeMetadata/")
    }

    static func respond(_ request: Request, fake: FakeAnthropic) async -> Response {
        guard request.headers[flavor] == "Google" else {
            return text(.forbidden, "Missing Metadata-Flavor:Google header.")
        }
        switch (request.method, request.uri.path) {
        case (.get, tokenPath):
            let token = await fake.issueGoogleToken()
            let body: JSONValue = ["access_token": .string(token), "expires_in": 3599, "token_type": "Bearer"]
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body))))
        case (.get, projectPath):
            return text(.ok, project)
        default:
            return text(.notFound, "Not found")
        }
    }

    /// Google's error envelope for a Vertex request without a token the fake issued (§4.4).
    static func unauthenticated() -> Response {
        let body: JSONValue = [
            "error": [
                "code": 401, "status": "UNAUTHENTICATED",
                "message": "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            ],
        ]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .unauthorized, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body))))
    }

    private static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
