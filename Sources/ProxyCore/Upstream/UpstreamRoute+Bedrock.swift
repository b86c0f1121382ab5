import Foundation

extension UpstreamRoute {
    public static let bedrockAnthropicVersion = "bedrock-2023-05-31"

    /// The Bedrock runtime URL for a region.
    public static func bedrockRuntimeURL(region: String) -> String {
        "https://bedrock-runtime.\(region).amazonaws.com"
    }

    /// The Bedrock control plane (model lists) for a region.
    public static func bedrockControlURL(region: String) -> String {
        "https://bedrock.\(region).amazonaws.com"
    }

    /// A Messages request as Bedrock's InvokeModel takes it (upstreams.md §5.1–5.3): the model moves
    /// into the path (`/model/{id}/invoke` or `/invoke-with-response-stream`, its `:` sent as `%3A`),
    /// `stream` goes, `anthropic_version` comes in, and the client's betas travel in the body as
    /// `anthropic_beta`. Token counting wraps the same body, base64, in Bedrock's CountTokens shape.
    public static func bedrock(
        _ operation: Operation, baseURL: String, body: JSONObject, stream: Bool, models: BedrockModelMap, betas: [String]
    ) -> (url: String, body: JSONObject) {
        var body = body
        let model = models.bedrockID(for: body["model"]?.stringValue ?? "")
        body["model"] = nil
        body["stream"] = nil
        body["anthropic_version"] = .string(bedrockAnthropicVersion)
        var allBetas = body["anthropic_beta"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for beta in betas where !allBetas.contains(beta) { allBetas.append(beta) }
        body["anthropic_beta"] = allBetas.isEmpty ? nil : .array(allBetas.map { .string($0) })
        let path = "\(baseURL)/model/\(bedrockPathSegment(model))"
        switch operation {
        case .messages:
            return (path + (stream ? "/invoke-with-response-stream" : "/invoke"), body)
        case .countTokens:
            // InvokeModel needs max_tokens; count_tokens bodies do not carry it.
            if body["max_tokens"] == nil { body["max_tokens"] = .number(1) }
            let encoded = Data(JSONWriter.bytes(.object(body))).base64EncodedString()
            let wrapped = JSONObject([
                ("input", .object(JSONObject([("invokeModel", .object(JSONObject([("body", .string(encoded))])))])))
            ])
            return (path + "/count-tokens", wrapped)
        }
    }

    /// One path segment as the AWS SDKs send it: unreserved characters as they are, everything
    /// else (the `:` of `…-v1:0`, the `/` of an ARN) percent-encoded.
    public static func bedrockPathSegment(_ id: String) -> String {
        var result = ""
        for byte in id.utf8 {
            if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// RFC 3986's unreserved characters: `A–Z a–z 0–9 - _ . ~`, the bytes SigV4 never encodes.
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
