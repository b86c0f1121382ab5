import Foundation
import ProxyCore
import Synchronization

/// A fake Anthropic `POST /v1/oauth/token`: answers `refresh_token` grants (optionally rotating
/// the refresh token) and jwt-bearer exchanges, counts them, and can be told to fail.
final class FakeAnthropicOAuth: Sendable {
    struct State {
        var validRefreshToken: String
        var rotate = true
        var expiresIn = 3600
        var failure: FakeReply?
        var delay: Duration = .zero
        var issued = 0
    }

    static func accessToken(_ number: Int) -> String { "sk-ant-oat01-fakeaccess-\(number)-QwErTyUiOp" }
    static func refreshToken(_ number: Int) -> String { "sk-ant-ort01-fakerefresh-\(number)-AsDfGhJkL" }

    private let logic: Logic
    let server: FakeHTTPServer

    private init(logic: Logic, server: FakeHTTPServer) {
        self.logic = logic
        self.server = server
    }

    static func start(initialRefreshToken: String = refreshToken(0)) async throws -> FakeAnthropicOAuth {
        let logic = Logic(state: State(validRefreshToken: initialRefreshToken))
        let server = try await FakeHTTPServer.start { request, _ in await logic.answer(request) }
        return FakeAnthropicOAuth(logic: logic, server: server)
    }

    var baseURL: String { server.baseURL }
    var requests: [RecordedRequest] { server.requests }
    func update(_ change: (inout State) -> Void) { logic.state.withLock { change(&$0) } }
    var allSecrets: [String] {
        let issued = logic.state.withLock { $0.issued }
        return (0...issued + 1).flatMap { [Self.accessToken($0), Self.refreshToken($0)] }
    }

}

private final class Logic: Sendable {
    typealias State = FakeAnthropicOAuth.State
    typealias Fake = FakeAnthropicOAuth
    let state: Mutex<State>

    init(state: State) { self.state = Mutex(state) }

    func answer(_ request: RecordedRequest) async -> FakeReply {
        let (failure, delay) = state.withLock { ($0.failure, $0.delay) }
        if delay != .zero { try? await Task.sleep(for: delay) }
        if let failure { return failure }
        guard request.method == "POST", request.path == "/v1/oauth/token", let body = jsonBody(request) else {
            return .json(#"{"error":"invalid_request"}"#, status: 400)
        }
        switch body["grant_type"]?.stringValue {
        case "refresh_token":
            return state.withLock { state in
                guard body["refresh_token"]?.stringValue == state.validRefreshToken else {
                    return .json(
                        #"{"error":"invalid_grant","error_description":"refresh token is not valid"}"#, status: 400)
                }
                state.issued += 1
                var reply = JSONObject([
                    ("access_token", .string(Fake.accessToken(state.issued))), ("token_type", "Bearer"),
                    ("expires_in", JSONValue(state.expiresIn)),
                ])
                if state.rotate {
                    state.validRefreshToken = Fake.refreshToken(state.issued)
                    reply["refresh_token"] = .string(state.validRefreshToken)
                }
                return .json(JSONWriter.string(.object(reply)))
            }
        case "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return state.withLock { state in
                state.issued += 1
                return .json(
                    #"{"access_token":"\#(Fake.accessToken(state.issued))","token_type":"Bearer","expires_in":\#(state.expiresIn),"scope":"user:inference"}"#
                )
            }
        default:
            return .json(#"{"error":"unsupported_grant_type"}"#, status: 400)
        }
    }
}
