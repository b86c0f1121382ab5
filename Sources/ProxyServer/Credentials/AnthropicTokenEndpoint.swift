import AsyncHTTPClient
import ProxyCore

/// Anthropic's `POST {base}/v1/oauth/token`, for the two grants the official SDK makes
/// (upstreams.md §1.8, §1.9): `refresh_token` for Console logins and the RFC 7523 jwt-bearer
/// exchange for Workload Identity Federation. Requests carry this program's own User-Agent.
struct AnthropicTokenEndpoint: Sendable {
    static let path = "/v1/oauth/token"
    static let jwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// Real IdP tokens are < 4 KiB; anything bigger is a key or certificate passed by mistake.
    static let maxAssertionBytes = 16 * 1024

    let baseURL: String
    let transport: TokenEndpointTransport

    var url: String { baseURL + Self.path }

    /// `field` names where the base URL came from, for the error when it is not https.
    init(baseURL: String, http: HTTPClient, field: String) throws(CredentialError) {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        try TokenEndpointTransport.requireSecure(trimmed, field: field)
        self.baseURL = trimmed
        self.transport = TokenEndpointTransport(http: http)
    }

    /// The `refresh_token` grant: only ``AnthropicOAuthBeta/oauth``, never the federation routing beta.
    func refresh(refreshToken: String, clientID: String, profile: String) async throws(CredentialError) -> TokenGrant {
        let body: JSONValue = [
            "grant_type": "refresh_token", "refresh_token": .string(refreshToken), "client_id": .string(clientID),
        ]
        let reply = try await transport.send(
            .POST, url: url, headers: headers(beta: AnthropicOAuthBeta.oauth), body: JSONWriter.bytes(body),
            endpoint: "the Anthropic token endpoint", secrets: [refreshToken])
        guard reply.status == 200 else {
            let hint =
                Self.isTransient(reply.status)
                ? "The token endpoint may be busy or down; the refresh is tried again on a later request."
                : "Log in again with `ant auth login` (profile '\(profile)')."
            throw Self.failure(
                reply, action: "refreshing the Console login for profile '\(profile)'", hint: hint,
                secrets: [refreshToken])
        }
        return try TokenGrant.parse(reply.body, endpoint: "the Anthropic token endpoint", requireExpiry: false)
    }

    /// The jwt-bearer exchange of an identity token for an Anthropic access token.
    func exchange(
        assertion: String, ruleID: String, organizationID: String, serviceAccountID: String?, workspaceID: String?
    ) async throws(CredentialError) -> TokenGrant {
        guard assertion.utf8.count <= Self.maxAssertionBytes else {
            throw CredentialError(
                "the identity token is \(assertion.utf8.count) bytes, over the \(Self.maxAssertionBytes)-byte limit; "
                    + "this is not a JWT — check that the identity token path points at the token, not a key or certificate."
            )
        }
        var body = JSONObject([
            ("grant_type", .string(Self.jwtBearerGrantType)), ("assertion", .string(assertion)),
            ("federation_rule_id", .string(ruleID)), ("organization_id", .string(organizationID)),
        ])
        if let serviceAccountID { body["service_account_id"] = .string(serviceAccountID) }
        if let workspaceID { body["workspace_id"] = .string(workspaceID) }
        let reply = try await transport.send(
            .POST, url: url, headers: headers(beta: AnthropicOAuthBeta.jwtBearerExchange),
            body: JSONWriter.bytes(.object(body)), endpoint: "the Anthropic token endpoint", secrets: [assertion])
        guard reply.status == 200 else {
            var hint = ""
            if reply.status == 401 {
                hint =
                    "Check that federation rule \(ruleID) matches the identity token's issuer, audience and subject. "
                if workspaceID == nil {
                    hint +=
                        "If the rule covers several workspaces, set a workspace id (ANTHROPIC_WORKSPACE_ID or workspaceID). "
                }
                hint += "Claude Console's Workload identity page lists the authentication events."
            } else if Self.isTransient(reply.status) {
                hint = "The token endpoint may be busy or down; the exchange is tried again on a later request."
            }
            throw Self.failure(reply, action: "the federation token exchange", hint: hint, secrets: [assertion])
        }
        return try TokenGrant.parse(reply.body, endpoint: "the Anthropic token endpoint", requireExpiry: true)
    }

    private func headers(beta: String) -> [(String, String)] {
        [("content-type", "application/json"), ("anthropic-beta", beta), ("user-agent", AnthropicClient.userAgent)]
    }

    static func isTransient(_ status: Int) -> Bool { status == 429 || status == 408 || status >= 500 }

    static func failure(
        _ reply: TokenEndpointTransport.Reply, action: String, hint: String, secrets: [String]
    ) -> CredentialError {
        let (code, description) = TokenGrant.errorSummary(reply.body)
        var detail = "HTTP \(reply.status)"
        if let code { detail += " \(code)" }
        if let description { detail += " (\(description))" }
        var message = "\(action) failed: the token endpoint answered \(detail)."
        if !hint.isEmpty { message += " " + hint }
        if let requestID = reply.requestID { message += " [request-id \(requestID)]" }
        return .scrubbed(message, secrets: secrets, isTransient: isTransient(reply.status), statusCode: reply.status)
    }
}
