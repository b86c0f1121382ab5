import ProxyCore
import Testing

/// Bedrock's HTTP errors as the status and words a client gets (upstreams.md §5.6).
@Suite struct BedrockErrorMapperTests {
    func map(_ status: Int, _ type: String?, _ message: String) -> ProxyError {
        var headers = [("x-amzn-RequestId", "req-1")]
        if let type { headers.append(("x-amzn-ErrorType", "\(type):http://internal.amazon.com/coral/com.amazon.bedrock/")) }
        return BedrockErrorMapper.map(
            status: status, headers: headers, body: Array(#"{"message":"\#(message)"}"#.utf8), upstream: "bedrock",
            region: "us-east-1", model: "claude-sonnet-4-6")
    }

    @Test func throttlingIsA429WithRetry() {
        let error = map(429, "ThrottlingException", "Too many requests")
        #expect(error.status == 429)
        #expect(error.kind == .rateLimit)
        #expect(error.retryAfterSeconds != nil)
        #expect(error.upstreamRequestID == "req-1")
    }

    @Test func unavailableAndNotReadyAre503() {
        #expect(map(503, "ServiceUnavailableException", "x").status == 503)
        #expect(map(429, "ModelNotReadyException", "x").status == 503)
    }

    @Test func validationIsA400QuotingBedrock() {
        let error = map(400, "ValidationException", "max_tokens: Field required")
        #expect(error.status == 400)
        #expect(error.message.contains("max_tokens: Field required"))
        let profile = map(400, "ValidationException", "Invocation of model ID x with on-demand throughput isn't supported.")
        #expect(profile.message.contains("inference profile"))
    }

    @Test func accessDeniedExplainsModelAccess() {
        let error = map(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.")
        #expect(error.status == 403)
        #expect(error.message.contains("Bedrock console"))
        #expect(error.message.contains("us-east-1"))
    }

    @Test func clockSkewIsExplained() {
        let error = map(403, "InvalidSignatureException", "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z")
        #expect(error.status == 502)
        #expect(error.message.contains("clock"))
        #expect(BedrockErrorMapper.isCredentialRejection("InvalidSignatureException"))
        #expect(map(403, "ExpiredTokenException", "The security token included in the request is expired").message.contains("renew"))
    }

    @Test func theTypeFallsBackToTheStatus() {
        #expect(map(429, nil, "slow down").status == 429)
        #expect(map(500, "InternalServerException", "oops").status == 502)
        #expect(map(408, "ModelTimeoutException", "slow").status == 504)
    }
}
