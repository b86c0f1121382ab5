/// The `anthropic-beta` values the official Anthropic SDK sends with OAuth tokens from a Claude
/// Console login (`ant auth login`) or Workload Identity Federation.
///
/// These are the SDK's headers for Console and federation tokens — not Claude Code's; nothing
/// here identifies this program as any other client. Each value lives in exactly one constant.
public enum AnthropicOAuthBeta {
    /// Sent on every API request made with a Console-login or federation bearer token, and on
    /// `refresh_token` grants. upstreams.md §1.1, §1.8, §1.9;
    /// `anthropic-sdk-python@009b035:src/anthropic/lib/credentials/_constants.py` (`OAUTH_API_BETA_HEADER`).
    public static let oauth = "oauth-2025-04-20"

    /// Routing switch for jwt-bearer exchanges at `/v1/oauth/token`; sent only on that
    /// exchange (it misroutes `refresh_token` grants). upstreams.md §1.8;
    /// `anthropic-sdk-python@009b035:src/anthropic/lib/credentials/_constants.py` (`FEDERATION_BETA_HEADER`).
    public static let federation = "oidc-federation-2026-04-01"

    /// The value for a jwt-bearer exchange: both, comma-separated, as `_workload.py` sends it.
    static var jwtBearerExchange: String { "\(oauth),\(federation)" }
}
