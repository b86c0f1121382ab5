import Foundation
import Hummingbird
import ProxyCore
import Testing

@testable import ProxyServer

/// Client keys must hold for every spelling of a path that the router might match.
@Suite(.serialized) struct ClientAuthPathTests {
    static let key = "client-key-path-test-0001"

    /// Request lines that reach (or might reach) a keyed route; none may be served without a key.
    static let variants: [String] = [
        "POST /v1/chat/completions",
        "POST //v1/chat/completions",
        "POST ///v1/chat/completions",
        "POST //v1//chat/completions",
        "POST /v1//chat/completions",
        "POST /./v1/chat/completions",
        "POST /v1/./chat/completions",
        "POST /%2Fv1/chat/completions",
        "POST /v1%2Fchat%2Fcompletions",
        "POST /%761/chat/completions",
        "POST /V1/chat/completions",
        "POST /v1/Chat/Completions",
        "POST /v1/chat/completions/",
        "POST //v1/chat/completions//",
        "POST /v1/chat/completions?x=/health",
        "POST /health/../v1/chat/completions",
        "POST /admin/../v1/chat/completions",
        "POST http://127.0.0.1:PORT/v1/chat/completions",
        "POST http://127.0.0.1:PORT//v1/chat/completions",
        "GET /v1/models",
        "GET //v1/models",
        "GET /v1/models/",
        "GET //v1//models//sonnet",
        "GET http://127.0.0.1:PORT/v1/models",
        "DELETE //v1/models",
        "GET //admin/../v1/models",
    ]

    @Test func everyPathVariantWithoutAKeyIsRefusedAndNeverReachesTheUpstream() async throws {
        let harness = try await ProxyHarness.start { $0.clientKeys = [.init(name: "bot", key: Self.key)] }
        let before = await harness.fake.requests.count
        let body = chatBody("hi")
        var answers: [(String, RawSocket.Response)] = []
        for variant in Self.variants {
            let line = variant.replacingOccurrences(of: "PORT", with: "\(harness.proxyPort)")
            let request =
                "\(line) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            answers.append((variant, try await RawSocket.exchange(port: harness.proxyPort, request)))
        }
        let after = await harness.fake.requests.count
        await harness.stop()
        for (variant, answer) in answers {
            #expect(answer.status == 401 || answer.status == 404, "\(variant) answered \(answer.status)")
            #expect(parse(answer.body)["error"]?["type"] != nil, "\(variant) body: \(answer.body)")
        }
        #expect(after == before, "the upstream was called \(after - before) times")
    }

    @Test func healthStaysOpenAndAValidKeyStillWorks() async throws {
        let harness = try await ProxyHarness.start { $0.clientKeys = [.init(name: "bot", key: Self.key)] }
        let health = try await RawSocket.exchange(
            port: harness.proxyPort, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let models = try await harness.get("/v1/models", headers: [("authorization", "Bearer \(Self.key)")])
        let chat = try await harness.post(
            "/v1/chat/completions", chatBody("hi"), headers: [("authorization", "Bearer \(Self.key)")])
        let calls = await harness.upstreamMessages().count
        await harness.stop()
        #expect(health.status == 200)
        #expect(models.status == 200)
        #expect(chat.status == 200)
        #expect(calls == 1)
    }

    @Test(arguments: [
        ("GET", "/health", true), ("GET", "//health/", true), ("GET", "/admin/events", true),
        ("POST", "/admin/reload", true), ("POST", "//admin//refresh", true),
        ("POST", "/health", false), ("GET", "/HEALTH", false), ("GET", "/health/x", false),
        ("GET", "/%68ealth", false), ("GET", "/./health", false), ("GET", "/admin/../v1/models", false),
        ("GET", "/admin", false), ("GET", "/admin/events/x", false), ("POST", "/v1/chat/completions", false),
        ("GET", "/", false), ("GET", "", false),
    ])
    func onlyTheDocumentedRoutesAreOpen(method: String, path: String, open: Bool) {
        #expect(OpenRoutes.isOpen(method: HTTPRequest.Method(method)!, path: path) == open)
    }
}
