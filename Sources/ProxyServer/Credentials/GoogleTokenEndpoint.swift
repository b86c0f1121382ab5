import AsyncHTTPClient
import ProxyCore

/// A Google OAuth 2.0 token endpoint (`token_uri`), for the service-account jwt-bearer grant and
/// the `authorized_user` refresh grant (upstreams.md §2.5). Error envelopes such as
/// `{"error":"invalid_grant","error_description":…}` become messages like
/// "service account key rejected: invalid_grant (Invalid JWT Signature.)" plus what to do.
struct GoogleTokenEndpoint: Sendable {
    let url: String
    let transport: TokenEndpointTransport

    init(url: String, http: HTTPClient, field: String) throws(CredentialError) {
        try TokenEndpointTransport.requireSecure(url, field: field)
        self.url = url
        self.transport = TokenEndpointTransport(http: http)
    }

    /// Posts the form and returns the grant; on a rejection, `describe` turns the OAuth error
    /// code, its description and whether Google asks for re-authentication into a message.
    func request(
        _ fields: [(String, String)], secrets: [String],
        describe: (_ code: String?, _ description: String?, _ reauth: Bool) -> String
    ) async throws(CredentialError) -> TokenGrant {
        let headers = [
            ("content-type", "application/x-www-form-urlencoded"), ("accept", "application/json"),
            ("user-agent", AnthropicClient.userAgent),
        ]
        let reply = try await transport.send(
            .POST, url: url, headers: headers, body: Array(FormURLEncoder.encode(fields).utf8),
            endpoint: "Google's token endpoint", secrets: secrets)
        guard reply.status == 200 else {
            let (code, description) = TokenGrant.errorSummary(reply.body)
            let transient =
                AnthropicTokenEndpoint.isTransient(reply.status) || code == "temporarily_unavailable"
                || code == "server_error"
            let message: String
            if transient {
                message =
                    "Google's token endpoint answered HTTP \(reply.status) \(code ?? "")"
                    + (description.map { " (\($0))" } ?? "") + "; the refresh is tried again on a later request."
            } else {
                message = describe(code, description, Self.asksForReauthentication(reply.body))
            }
            throw CredentialError.scrubbed(message, secrets: secrets, isTransient: transient, statusCode: reply.status)
        }
        return try TokenGrant.parse(reply.body, endpoint: "Google's token endpoint", requireExpiry: true)
    }

    /// `invalid_rapt` / `rapt_required`: Google wants the user to sign in again (reauth).
    static func asksForReauthentication(_ body: [UInt8]) -> Bool {
        let text = String(decoding: body, as: UTF8.self)
        return text.contains("invalid_rapt") || text.contains("rapt_required")
    }

    /// `invalid_grant (Token has been expired or revoked.)`, or `HTTP 400` when the body says nothing.
    static func summary(_ code: String?, _ description: String?, status: String = "an error") -> String {
        switch (code, description) {
        case (let code?, let description?): "\(code) (\(description))"
        case (let code?, nil): code
        case (nil, let description?): description
        case (nil, nil): status
        }
    }
}
