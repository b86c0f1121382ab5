import Foundation
import Hummingbird
import NIOCore
import ProxyCore

/// The fake's Amazon Bedrock face, on the same port as its Anthropic API:
/// `POST /model/{id}/invoke`, `/invoke-with-response-stream` (an `application/vnd.amazon.eventstream`
/// body of base64 `chunk` events), `/count-tokens`, and the control plane's
/// `GET /foundation-models` and `GET /inference-profiles`. Every request must carry a valid SigV4
/// signature for the options' AWS keys or the options' Bedrock API key (see ``FakeBedrockSignature``).
///
/// Bodies follow Bedrock's rules (`anthropic_version: "bedrock-2023-05-31"`, no `model` or `stream`)
/// and then the same validation, reply planner and scenarios as the Anthropic API. Extra scenarios:
/// `bedrock-throttle` (429 ThrottlingException), `bedrock-access-denied`, `bedrock-not-ready`
/// (429 ModelNotReadyException), `bedrock-stream-exception` (a `throttlingException` frame after
/// the first text), `bedrock-bad-crc` (a frame whose message CRC is wrong).
struct FakeBedrock {
    let fake: FakeAnthropic
    let planner: ReplyPlanner

    static func handles(_ path: String) -> Bool {
        path.hasPrefix("/model/") || path == "/foundation-models" || path == "/inference-profiles"
    }

    func respond(_ request: Request, path: String, body: [UInt8], number: Int) async -> Response {
        let requestID = "fake-bedrock-\(number)"
        do throws(FakeBedrockError) {
            try FakeBedrockSignature(options: fake.options).verify(
                method: request.method.rawValue, path: path, query: request.uri.query, authority: request.head.authority,
                headers: request.headers, body: body)
            switch (request.method, path) {
            case (.get, "/foundation-models"): return Self.json(FakeBedrockCatalog.foundationModelsJSON(), requestID: requestID)
            case (.get, "/inference-profiles"): return Self.json(FakeBedrockCatalog.inferenceProfilesJSON(), requestID: requestID)
            case (.post, _): return try await invoke(path: path, body: body, number: number, requestID: requestID)
            default: throw FakeBedrockError(status: 404, type: "UnknownOperationException", message: "Unknown operation \(path)")
            }
        } catch {
            return error.response(requestID: requestID)
        }
    }

    private func invoke(path: String, body: [UInt8], number: Int, requestID: String) async throws(FakeBedrockError) -> Response {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "model" else {
            throw FakeBedrockError(status: 404, type: "UnknownOperationException", message: "Unknown operation \(path)")
        }
        let modelID = String(parts[1]).removingPercentEncoding ?? String(parts[1])
        let operation = String(parts[2])
        guard let firstParty = FakeBedrockCatalog.firstPartyID(forBedrockID: modelID) else {
            throw .validation("The provided model identifier is invalid.")
        }
        if FakeBedrockCatalog.requiresInferenceProfile(modelID) {
            throw .validation(
                "Invocation of model ID \(modelID) with on-demand throughput isn\u{2019}t supported. Retry your request with "
                    + "the ID or ARN of an inference profile that contains this model.")
        }
        switch operation {
        case "invoke", "invoke-with-response-stream":
            let anthropic = try Self.anthropicBody(body, model: firstParty, stream: operation != "invoke")
            return try await messages(anthropic, stream: operation != "invoke", number: number, requestID: requestID)
        case "count-tokens":
            guard let encoded = (try? JSONParser.parse(body))?["input"]?["invokeModel"]?["body"]?.stringValue,
                let inner = Data(base64Encoded: encoded)
            else { throw .validation("input.invokeModel.body must be the base64 of an InvokeModel body.") }
            let anthropic = try Self.anthropicBody(Array(inner), model: firstParty, stream: false)
            do throws(FakeAPIError) {
                let parsed = try MessageValidator.validate(body: anthropic, endpoint: .messages)
                return Self.json("{\"inputTokens\":\(parsed.inputTokenEstimate)}", requestID: requestID)
            } catch {
                throw FakeBedrockError(anthropic: error)
            }
        default:
            throw FakeBedrockError(status: 404, type: "UnknownOperationException", message: "Unknown operation \(operation)")
        }
    }

    /// Bedrock's body rules, then the body as the Anthropic API would have received it.
    static func anthropicBody(_ body: [UInt8], model: String, stream: Bool) throws(FakeBedrockError) -> [UInt8] {
        guard var object = (try? JSONParser.parse(body))?.objectValue else { throw .validation("Malformed input request, please reformat your input and try again.") }
        guard object["anthropic_version"]?.stringValue == "bedrock-2023-05-31" else {
            throw .validation("Malformed input request: #: required key [anthropic_version] not found or not bedrock-2023-05-31")
        }
        for key in ["model", "stream"] where object[key] != nil {
            throw .validation("Malformed input request: #: extraneous key [\(key)] is not permitted, please reformat your input and try again.")
        }
        if let betas = object["anthropic_beta"], betas.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            throw .validation("Malformed input request: #/anthropic_beta: expected type: JSONArray of strings")
        }
        object["anthropic_version"] = nil
        object["anthropic_beta"] = nil
        object["model"] = .string(model)
        object["stream"] = .bool(stream)
        return JSONWriter.bytes(.object(object))
    }

    private func messages(_ body: [UInt8], stream: Bool, number: Int, requestID: String) async throws(FakeBedrockError) -> Response {
        let parsed: MessageRequest
        do throws(FakeAPIError) {
            parsed = try MessageValidator.validate(body: body, endpoint: .messages)
        } catch {
            throw FakeBedrockError(anthropic: error)
        }
        let scenario = Scenario.find(in: parsed.lastUserText)
        switch scenario?.name {
        case "bedrock-throttle": throw .throttling()
        case "bedrock-access-denied": throw .accessDenied()
        case "bedrock-not-ready": throw FakeBedrockError(status: 429, type: "ModelNotReadyException", message: "Model is not ready for inference.")
        default: break
        }
        var occurrence = 0
        if let scenario { occurrence = await fake.noteMarker(scenario.marker) }
        let plan: ReplyPlan
        switch planner.plan(for: parsed, scenario: scenario, occurrence: occurrence) {
        case .success(let planned): plan = planned
        case .failure(let error): throw FakeBedrockError(anthropic: error)
        }
        let messageID = "msg_bdrk_\(number)"
        guard stream else {
            var headers = Self.headers(requestID: requestID, contentType: "application/json")
            headers[FakeHeaders.FieldName("x-amzn-bedrock-input-token-count")!] = String(parsed.inputTokenEstimate)
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: MessageEncoder.message(plan: plan, messageID: messageID, model: parsed.modelID))))
        }
        let frames = FakeBedrockStream.frames(
            from: SSEEncoder.frames(for: plan, messageID: messageID, model: parsed.modelID), scenario: scenario?.name,
            inputTokens: parsed.inputTokenEstimate)
        var headers = Self.headers(requestID: requestID, contentType: "application/vnd.amazon.eventstream")
        headers[FakeHeaders.FieldName("x-amzn-bedrock-content-type")!] = "application/json"
        return Response(status: .ok, headers: headers, body: SSEStreamBody.make(frames: frames, fake: fake))
    }

    static func headers(requestID: String, contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[FakeBedrockError.requestID] = requestID
        return headers
    }

    static func json(_ body: String, requestID: String) -> Response {
        Response(status: .ok, headers: headers(requestID: requestID, contentType: "application/json"), body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
