import Hummingbird

/// A Bedrock-shaped error: `{"message":"…"}` with the exception name in `x-amzn-ErrorType`
/// (upstreams.md §5.6).
struct FakeBedrockError: Error, Sendable {
    let status: Int
    let type: String
    let message: String

    static let errorType = FakeHeaders.FieldName("x-amzn-ErrorType")!
    static let requestID = FakeHeaders.FieldName("x-amzn-RequestId")!

    static func validation(_ message: String) -> FakeBedrockError {
        FakeBedrockError(status: 400, type: "ValidationException", message: message)
    }

    static func accessDenied() -> FakeBedrockError {
        FakeBedrockError(status: 403, type: "AccessDeniedException", message: "You don't have access to the model with the specified model ID.")
    }

    static func throttling() -> FakeBedrockError {
        FakeBedrockError(status: 429, type: "ThrottlingException", message: "Too many requests, please wait before trying again.")
    }

    /// The Bedrock error a planned Anthropic error stands for (the shared scenarios).
    init(anthropic error: FakeAPIError) {
        switch error.status.code {
        case 429: self = .throttling()
        case 529, 503: self.init(status: 503, type: "ServiceUnavailableException", message: "Service is temporarily unavailable.")
        case 401: self.init(status: 403, type: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        case 403: self = .accessDenied()
        case 404: self.init(status: 404, type: "ResourceNotFoundException", message: error.message)
        case 400..<500: self.init(status: 400, type: "ValidationException", message: error.message)
        default: self.init(status: 500, type: "InternalServerException", message: error.message)
        }
    }

    init(status: Int, type: String, message: String) {
        self.status = status
        self.type = type
        self.message = message
    }

    func response(requestID: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[Self.requestID] = requestID
        headers[Self.errorType] = "\(type):http://internal.amazon.com/coral/com.amazon.bedrock/"
        return Response(
            status: .init(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: "{\"message\":\(JSONText.quote(message))}")))
    }
}
