import ProxyCore
import Testing

@Suite struct UpstreamErrorMapperTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let status: Int
        let body: String
        let expectedStatus: Int
        let shouldRetry: Bool?
        var testDescription: String { "\(status) → \(expectedStatus)" }
    }

    @Test(arguments: [
        Case(status: 529, body: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, expectedStatus: 503, shouldRetry: nil),
        Case(status: 429, body: #"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#, expectedStatus: 429, shouldRetry: nil),
        Case(status: 429, body: #"{"type":"error","error":{"type":"rate_limit_error","message":"limit","details":{"error_code":"enforced_spend_limit_reached"}}}"#, expectedStatus: 429, shouldRetry: false),
        Case(status: 401, body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, expectedStatus: 502, shouldRetry: nil),
        Case(status: 403, body: #"{"type":"error","error":{"type":"permission_error","message":"no"}}"#, expectedStatus: 403, shouldRetry: nil),
        Case(status: 400, body: #"{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}"#, expectedStatus: 400, shouldRetry: nil),
        Case(status: 413, body: "<html>too large</html>", expectedStatus: 413, shouldRetry: nil),
        Case(status: 500, body: "", expectedStatus: 502, shouldRetry: nil),
        Case(status: 400, body: #"{"type":"error","error":{"type":"invalid_request_error","message":"This credential is only authorized for use with Claude Code and cannot be used for other API requests."}}"#, expectedStatus: 403, shouldRetry: false),
    ])
    func mapsStatusAndShape(_ testCase: Case) {
        let error = UpstreamErrorMapper.map(status: testCase.status, body: Array(testCase.body.utf8), requestID: "req_1")
        #expect(error.status == testCase.expectedStatus)
        #expect(error.shouldRetry == testCase.shouldRetry)
        #expect(!error.message.isEmpty)
        #expect(error.upstreamRequestID == "req_1")
        let body = OpenAIErrorBody.json(for: error)
        #expect(body["error"]?["message"]?.stringValue?.isEmpty == false)
        #expect(body["error"]?["type"]?.stringValue != nil)
    }

    @Test func overloadCarriesRetryAfter() {
        let error = UpstreamErrorMapper.map(status: 529, body: [])
        #expect(error.retryAfterSeconds != nil)
    }

    @Test func subscriptionRejectionSaysWhatToUseInstead() {
        let error = UpstreamErrorMapper.map(
            status: 400,
            body: Array(#"{"error":{"type":"invalid_request_error","message":"This credential is only authorized for use with Claude Code"}}"#.utf8))
        #expect(error.message.contains("API key"))
        #expect(error.message.contains("ant auth login"))
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(settings: RetrySettings())

    @Test(arguments: [
        (nil as Int?, true), (529, true), (500, true), (503, true), (429, true), (408, true), (409, true),
        (400, false), (401, false), (403, false), (404, false),
    ])
    func retriesTransientFailures(status: Int?, expected: Bool) {
        #expect(policy.shouldRetry(status: status, headers: [], body: [], attempt: 0) == expected)
    }

    @Test func spendLimitIsNeverRetried() {
        let body = Array(#"{"error":{"type":"rate_limit_error","details":{"error_code":"enforced_spend_limit_reached"}}}"#.utf8)
        #expect(!policy.shouldRetry(status: 429, headers: [], body: body, attempt: 0))
    }

    @Test func xShouldRetryHeaderWins() {
        #expect(!policy.shouldRetry(status: 529, headers: [("X-Should-Retry", "false")], body: [], attempt: 0))
        #expect(policy.shouldRetry(status: 400, headers: [("x-should-retry", "true")], body: [], attempt: 0))
    }

    @Test func budgetIsRespected() {
        #expect(!policy.shouldRetry(status: 529, headers: [], body: [], attempt: 2))
    }

    @Test func honoursRetryAfterWithinSixtySecondsElseBacksOffExponentially() {
        #expect(policy.delay(headers: [("retry-after-ms", "250")], attempt: 0, jitter: 0) == 0.25)
        #expect(policy.delay(headers: [("retry-after", "3")], attempt: 0, jitter: 0) == 3)
        #expect(policy.delay(headers: [("retry-after", "600")], attempt: 0, jitter: 0) == 0.5)
        #expect(policy.delay(headers: [], attempt: 2, jitter: 0) == 2)
        #expect(policy.delay(headers: [], attempt: 10, jitter: 0) == 8)
        #expect(policy.delay(headers: [], attempt: 1, jitter: 1) == 0.75)
    }

    @Test func rateLimitHeadersAreRenamedForOpenAIClients() {
        let now = RFC3339.unixSeconds("2026-01-01T00:00:00Z")!
        let mapped = RateLimitHeaders.openAI(
            from: [
                ("anthropic-ratelimit-requests-limit", "50"), ("anthropic-ratelimit-requests-remaining", "49"),
                ("anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:30Z"), ("request-id", "req_1"),
            ], now: now)
        #expect(mapped.map(\.0) == ["x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-tokens"])
        #expect(mapped.last?.1 == "30s")
    }
}

@Suite struct GoogleErrorEnvelopeTests {
    @Test func vertexAuthErrorsAreRecognised() {
        let body = #"{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}"#
        let error = UpstreamErrorMapper.map(status: 401, body: Array(body.utf8))
        #expect(error.kind == .authentication)
        #expect(error.message.contains("invalid authentication credentials"))
    }

    @Test func arrayWrappedQuotaErrorIsARateLimit() {
        let body = #"[{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com","status":"RESOURCE_EXHAUSTED"}}]"#
        let error = UpstreamErrorMapper.map(status: 429, body: Array(body.utf8))
        #expect(error.status == 429)
        #expect(error.message.contains("Quota exceeded"))
    }
}

/// One parse of an upstream's error answer serves the retry decision, the wait and the client's error.
@Suite struct UpstreamFailureTests {
    let policy = RetryPolicy(settings: RetrySettings())

    @Test func theWaitTheUpstreamAskedForDrivesBothTheRetryDelayAndTheClientsRetryAfter() {
        let failure = UpstreamFailure(
            status: 429, headers: [("Retry-After-Ms", "1500"), ("retry-after", "9")],
            body: Array(#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#.utf8),
            requestID: "req_1")
        #expect(failure.retryAfterSeconds == 1.5)
        #expect(failure.json?["error"]?["message"] == "slow down")
        #expect(policy.shouldRetry(failure, attempt: 0))
        #expect(policy.delay(retryAfter: failure.retryAfterSeconds, attempt: 0, jitter: 0) == 1.5)
        let error = UpstreamErrorMapper.map(failure)
        #expect(error.status == 429)
        #expect(error.retryAfterSeconds == 2)
        #expect(error.upstreamRequestID == "req_1")
    }

    @Test func aSpendLimitOrAFalseShouldRetryHeaderStopsRetries() {
        let spend = UpstreamFailure(
            status: 429, headers: [],
            body: Array(#"{"error":{"type":"rate_limit_error","details":{"error_code":"enforced_spend_limit_reached"}}}"#.utf8))
        #expect(spend.isSpendLimit)
        #expect(!policy.shouldRetry(spend, attempt: 0))
        let refused = UpstreamFailure(status: 503, headers: [("x-should-retry", "false")], body: Array("not json".utf8))
        #expect(refused.json == nil)
        #expect(!policy.shouldRetry(refused, attempt: 0))
    }
}
