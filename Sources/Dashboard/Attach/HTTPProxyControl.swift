import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore

/// `ProxyControl` for an attached dashboard: `r` and `f` become `POST /admin/reload` and
/// `POST /admin/refresh` on the running server, which answers with a `CommandResult`.
public struct HTTPProxyControl: ProxyControl {
    let endpoint: AdminEndpoint
    let client: HTTPClient

    public init(endpoint: AdminEndpoint, client: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.client = client
    }

    public func reload() async -> CommandResult {
        await post("/admin/reload")
    }

    public func refreshCredentials() async -> CommandResult {
        await post("/admin/refresh")
    }

    private func post(_ path: String) async -> CommandResult {
        var request = endpoint.request(path, post: true)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{}"))
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1 << 20)
            if let object = try? JSONParser.parse(body.readableBytesView), let ok = object["ok"]?.boolValue,
                let message = object["message"]?.stringValue
            {
                return CommandResult(ok: ok, message: message)
            }
            return CommandResult(ok: false, message: AdminEndpoint.explain(status: Int(response.status.code), path: path))
        } catch {
            return CommandResult(ok: false, message: "\(path): could not reach \(endpoint.baseURL) (\(error))")
        }
    }
}
