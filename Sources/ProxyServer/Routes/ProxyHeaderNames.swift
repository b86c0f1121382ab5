import HTTPTypes

/// Header names the proxy writes that `HTTPTypes` does not predefine.
extension HTTPField.Name {
    /// Tells nginx-style reverse proxies not to buffer a stream.
    static let xAccelBuffering = HTTPField.Name("x-accel-buffering")!
    /// The upstream's request id, for support requests.
    static let xRequestID = HTTPField.Name("x-request-id")!
    /// The same id under the name Anthropic's SDKs read.
    static let requestID = HTTPField.Name("request-id")!
}
