import HTTPTypes

/// The routes a client may call without a client key: `GET /health`, and the `/admin/*` routes,
/// which check for a loopback caller and the admin token themselves.
///
/// Decided on the path exactly as Hummingbird's trie router reads it, so that "open" can only
/// mean "the router hands this request to an open route". The router splits the path on `/` and
/// skips empty components (`//v1//models` routes like `/v1/models`), compares components exactly
/// (case-sensitive, no percent-decoding, `.` is an ordinary component) and is given the path
/// already taken out of an absolute-form target. Anything not listed here, including paths the
/// router answers with a 404, needs a key, so a new spelling of a path can never skip the check.
enum OpenRoutes {
    static func isOpen(method: HTTPRequest.Method, path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        switch (method, components.count) {
        case (.get, 1): return components[0] == "health"
        case (.get, 2): return components[0] == "admin" && components[1] == "events"
        case (.post, 2): return components[0] == "admin" && (components[1] == "reload" || components[1] == "refresh")
        default: return false
        }
    }
}
