import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Sends one request to a token endpoint (or the metadata server) and returns its whole,
/// size-limited reply. Network failures become transient ``CredentialError``s naming the
/// endpoint, scrubbed of the secrets that were in the request.
struct TokenEndpointTransport: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: [UInt8]
        var requestID: String?
    }

    /// The SDK's token-exchange timeout.
    static let defaultTimeout: TimeAmount = .seconds(30)
    static let maxResponseBytes = 1 << 20

    let http: HTTPClient
    var timeout: TimeAmount = defaultTimeout

    func send(
        _ method: HTTPMethod, url: String, headers: [(String, String)], body: [UInt8]? = nil, endpoint: String,
        secrets: [String]
    ) async throws(CredentialError) -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await http.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            let requestID = response.headers.first(name: "request-id") ?? response.headers.first(name: "x-request-id")
            return Reply(status: Int(response.status.code), body: Array(buffer.readableBytesView), requestID: requestID)
        } catch is NIOTooManyBytesError {
            throw CredentialError(
                "\(endpoint) at \(url) sent a reply larger than \(Self.maxResponseBytes) bytes; refusing to parse it.",
                isTransient: true)
        } catch {
            throw CredentialError.scrubbed(
                "could not reach \(endpoint) at \(url): \(error)", secrets: secrets, isTransient: true)
        }
    }

    /// `https`, or plain `http` to this machine only (tests and local fakes): a token request
    /// carries a refresh token or an assertion and must not cross a network in clear text.
    static func requireSecure(_ url: String, field: String) throws(CredentialError) {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") { return }
        for local in ["http://localhost", "http://127.0.0.1", "http://[::1]"] where lowered.hasPrefix(local) {
            let rest = lowered.dropFirst(local.count)
            if rest.isEmpty || rest.hasPrefix(":") || rest.hasPrefix("/") { return }
        }
        throw CredentialError(
            "\(field) must use https (got \(url)): the token exchange carries secrets and cannot go over plain HTTP.")
    }
}
