import Foundation

/// The XML reply of STS `AssumeRoleWithWebIdentity` (query protocol), reduced to what the proxy
/// needs: the `Credentials` element on success, `Error/Code` and `Error/Message` on failure.
///
/// STS replies are small and machine-written, so the elements are found by name rather than with
/// a general XML parser; the five XML entities are decoded.
enum AWSSTSReply {
    static func credentials(_ body: [UInt8]) -> AWSIssuedKeys? {
        let text = String(decoding: body, as: UTF8.self)
        guard let block = element("Credentials", in: text), let accessKeyID = element("AccessKeyId", in: block),
            let secret = element("SecretAccessKey", in: block), let expiration = element("Expiration", in: block),
            let expiresAt = AWSTimestamp.parseISO8601(expiration)
        else { return nil }
        return AWSIssuedKeys(
            credentials: AWSCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: element("SessionToken", in: block)),
            expiresAt: expiresAt)
    }

    /// `Code` and `Message` of an `ErrorResponse`.
    static func error(_ body: [UInt8]) -> (code: String?, message: String?) {
        let text = String(decoding: body, as: UTF8.self)
        guard let block = element("Error", in: text) else { return (nil, nil) }
        return (element("Code", in: block), element("Message", in: block))
    }

    /// The decoded text of the first `<name>…</name>` in `text`.
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
            let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return decodeEntities(
            String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
