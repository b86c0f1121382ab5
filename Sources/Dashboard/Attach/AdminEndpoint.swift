import AsyncHTTPClient
import NIOCore

/// A running `claude-proxy serve` as the attached dashboard reaches it: its base URL and the
/// admin token (sent as `Authorization: Bearer …` when set).
public struct AdminEndpoint: Sendable, Equatable {
    public var baseURL: String
    public var adminToken: String?

    public init(baseURL: String, adminToken: String?) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if !base.contains("://") { base = "http://" + base }
        self.baseURL = base
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    func request(_ path: String, post: Bool = false) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + path)
        if post { request.method = .POST }
        if let adminToken { request.headers.add(name: "Authorization", value: "Bearer \(adminToken)") }
        return request
    }

    /// What a refused or failed admin call means for the operator.
    static func explain(status: Int, path: String) -> String {
        switch status {
        case 401: "\(path): the proxy wants an admin token (--admin-token or CLAUDE_PROXY_ADMIN_TOKEN)"
        case 403: "\(path): refused — admin routes answer loopback clients only, with the right admin token"
        case 404: "\(path): not found — is this a claude-proxy that has admin routes?"
        default: "\(path): HTTP \(status)"
        }
    }
}
