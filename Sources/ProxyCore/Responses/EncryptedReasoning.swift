import Foundation

/// The Responses API's `reasoning.encrypted_content`, as this proxy fills it: Claude's signed
/// thinking block, carried by the client so a later turn can replay it with no server state.
///
/// The encoding is base64 of a small versioned JSON object,
/// `{"v":1,"type":"thinking","thinking":…,"signature":…}` or `{"v":1,"type":"redacted_thinking","data":…}`.
/// It is not encrypted: Anthropic's signature already makes the block tamper-evident, and the
/// thinking text is the same summary the client received in `summary`.
public enum EncryptedReasoning {
    static let version = 1

    /// Encodes a signed thinking block.
    public static func encode(thinking: String, signature: String) -> String {
        let object: JSONValue = [
            "v": JSONValue(version), "type": "thinking", "thinking": .string(thinking), "signature": .string(signature),
        ]
        return Data(JSONWriter.bytes(object)).base64EncodedString()
    }

    /// Encodes a redacted thinking block (its opaque `data`).
    public static func encode(redactedData: String) -> String {
        let object: JSONValue = ["v": JSONValue(version), "type": "redacted_thinking", "data": .string(redactedData)]
        return Data(JSONWriter.bytes(object)).base64EncodedString()
    }

    /// The Anthropic content block inside, or nil when the content is not ours (another
    /// provider's reasoning, a newer version, or damaged): such an item cannot be replayed.
    public static func decode(_ content: String) -> JSONValue? {
        guard let data = Data(base64Encoded: content), let json = try? JSONParser.parse(Array(data)),
            json["v"]?.intValue == version
        else { return nil }
        switch json["type"]?.stringValue {
        case "thinking":
            guard let signature = json["signature"]?.stringValue, !signature.isEmpty else { return nil }
            return [
                "type": "thinking", "thinking": .string(json["thinking"]?.stringValue ?? ""),
                "signature": .string(signature),
            ]
        case "redacted_thinking":
            guard let data = json["data"]?.stringValue else { return nil }
            return ["type": "redacted_thinking", "data": .string(data)]
        default:
            return nil
        }
    }
}
