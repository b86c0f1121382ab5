/// Maps Bedrock's errors (upstreams.md §5.6) to the `ProxyError` a client of any dialect gets:
/// the status it expects, and a message that says what to do.
///
/// Bedrock's body is `{"message":"…"}`; the exception name is in `x-amzn-ErrorType` (possibly
/// with a `:http://internal.amazon.com/…` suffix), with the status as a fallback.
public enum BedrockErrorMapper {
    /// The exception name from `x-amzn-ErrorType`, without its suffix; nil when absent.
    public static func errorType(headers: [(String, String)]) -> String? {
        guard let value = headers.first(where: { $0.0.lowercased() == "x-amzn-errortype" })?.1 else { return nil }
        let name = value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? value
        return name.isEmpty ? nil : name
    }

    /// Whether a 403 is about the request's signature or key (so a refreshed credential may fix
    /// it) rather than about what the identity may do.
    public static func isCredentialRejection(_ type: String?) -> Bool {
        switch type {
        case "UnrecognizedClientException", "ExpiredTokenException", "InvalidSignatureException",
            "IncompleteSignatureException", "MissingAuthenticationTokenException":
            true
        default: false
        }
    }

    public static func map(
        status: Int, headers: [(String, String)], body: [UInt8], upstream: String, region: String, model: String? = nil
    ) -> ProxyError {
        let json = try? JSONParser.parse(body)
        let type = errorType(headers: headers) ?? json?["__type"]?.stringValue.map { String($0.split(separator: "#").last ?? "") }
        var said = json?["message"]?.stringValue ?? json?["Message"]?.stringValue ?? ""
        while said.hasSuffix(".") { said.removeLast() }
        if said.isEmpty {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingSpaces()
            said = text.isEmpty ? "HTTP \(status) with no body" : text
        }
        let name = type ?? "HTTP \(status)"
        let requestID = headers.first { $0.0.lowercased() == "x-amzn-requestid" }?.1
        let retryAfter = headers.first { $0.0.lowercased() == "retry-after" }.flatMap { Int($0.1) }
        var error: ProxyError
        switch (type, status) {
        case ("ThrottlingException", _), (nil, 429):
            error = ProxyError(
                kind: .rateLimit, status: 429, message: "Bedrock is throttling requests (\(name)): \(said)",
                code: "rate_limit_exceeded", retryAfterSeconds: retryAfter ?? 1)
        case ("ServiceQuotaExceededException", _):
            error = ProxyError(
                kind: .rateLimit, status: 429,
                message: "A Bedrock service quota is exhausted (\(name)): \(said). Request a higher quota in the AWS console.",
                code: "insufficient_quota", shouldRetry: false)
        case ("ServiceUnavailableException", _), ("ModelNotReadyException", _), (nil, 503):
            error = ProxyError(
                kind: .overloaded, status: 503, message: "Bedrock cannot serve this model right now (\(name)): \(said)",
                code: "overloaded", retryAfterSeconds: retryAfter ?? 5)
        case ("ValidationException", _):
            var message = "Bedrock rejected the request (ValidationException): \(said)"
            if said.contains("on-demand throughput") || said.contains("inference profile") {
                message += ". Use a cross-region inference profile id (us., eu., apac. or global. before the model id), "
                    + "or set the upstream's inferenceProfile."
            }
            error = ProxyError(kind: .invalidRequest, status: 400, message: message, code: "invalid_request")
        case ("AccessDeniedException", _):
            error = ProxyError(
                kind: .permission, status: 403,
                message: "Bedrock denied access\(model.map { " to \($0)" } ?? "") in \(region) (AccessDeniedException): \(said). "
                    + "Enable the model for this account and region in the Amazon Bedrock console (Model access), and "
                    + "check that the identity's IAM policy allows bedrock:InvokeModel and "
                    + "bedrock:InvokeModelWithResponseStream.",
                code: "permission_denied")
        case (let type?, _) where isCredentialRejection(type):
            error = ProxyError(
                kind: .authentication, status: 502,
                message: "Bedrock rejected the upstream \(upstream)'s AWS credential (\(type)): \(said). "
                    + credentialAdvice(type: type, said: said),
                code: "upstream_authentication_failed")
        case ("ResourceNotFoundException", _), (nil, 404):
            error = ProxyError(
                kind: .notFound, status: 404,
                message: "Bedrock does not know this model or resource in \(region) (\(name)): \(said)", code: "not_found")
        case ("ModelTimeoutException", _), (nil, 408):
            error = ProxyError(kind: .timeout, status: 504, message: "The model timed out on Bedrock (\(name)): \(said)", code: "upstream_timeout")
        case ("ModelErrorException", _):
            error = ProxyError(kind: .upstream, status: 502, message: "The model failed on Bedrock (\(name)): \(said)", code: "upstream_error")
        case (_, 401), (_, 403):
            error = ProxyError(
                kind: .authentication, status: 502,
                message: "Bedrock refused the upstream \(upstream)'s credential (\(name)): \(said). "
                    + credentialAdvice(type: type ?? "", said: said),
                code: "upstream_authentication_failed")
        case (_, 400..<500):
            error = ProxyError(kind: .invalidRequest, status: 400, message: "Bedrock rejected the request (\(name)): \(said)")
        default:
            error = ProxyError(kind: .upstream, status: 502, message: "Bedrock error (\(name)): \(said)", code: "upstream_error")
        }
        error.upstreamRequestID = requestID
        return error
    }

    /// What to do about a rejected signature or key.
    static func credentialAdvice(type: String, said: String) -> String {
        let lowered = said.lowercased()
        if lowered.contains("signature expired") || lowered.contains("skew") || lowered.contains("is now earlier than")
            || lowered.contains("is now later than")
        {
            return "The signature's time is too far from AWS's clock (more than 5 minutes): fix this machine's clock "
                + "(enable NTP time sync), then try again."
        }
        if type == "ExpiredTokenException" || lowered.contains("expired") {
            return "The temporary AWS credentials have expired: renew them (e.g. `aws sso login`, or new "
                + "AWS_SESSION_TOKEN values); `claude-proxy check` shows the credential and its expiry."
        }
        return "Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the Bedrock API key) and that they belong to the "
            + "account that should be used; `claude-proxy check` shows which credential the proxy found."
    }

    /// The Anthropic error type an in-stream exception means to a client.
    public static func anthropicType(forException exception: String) -> String {
        switch exception {
        case "throttlingException": "rate_limit_error"
        case "serviceUnavailableException": "overloaded_error"
        case "validationException": "invalid_request_error"
        case "modelTimeoutException": "timeout_error"
        default: "api_error"  // internalServerException, modelStreamErrorException, unknown ones
        }
    }
}
