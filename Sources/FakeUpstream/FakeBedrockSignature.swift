import Crypto
import Foundation
import Hummingbird

/// Checks a Bedrock request's authentication the way AWS does: a SigV4 `Authorization` header
/// recomputed from the request as received (its own implementation, independent of the proxy's
/// signer), within five minutes of now, or a Bedrock API key as `Bearer`.
struct FakeBedrockSignature {
    let options: FakeAnthropicOptions

    /// `authority` is the request's host (HTTP types carry `Host` as the `:authority` pseudo-header).
    func verify(
        method: String, path: String, query: String?, authority: String?, headers: HTTPFields, body: [UInt8]
    ) throws(FakeBedrockError) {
        let authorization = headers[.authorization] ?? ""
        if authorization.hasPrefix("Bearer ") {
            guard String(authorization.dropFirst(7)) == options.bedrockAPIKey else {
                throw FakeBedrockError(status: 403, type: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
            }
            return
        }
        guard authorization.hasPrefix("AWS4-HMAC-SHA256 ") else {
            throw FakeBedrockError(status: 403, type: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
        }
        var fields: [String: String] = [:]
        for part in authorization.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"], let signature = fields["Signature"] else {
            throw FakeBedrockError(status: 403, type: "IncompleteSignatureException", message: "Authorization header requires Credential, SignedHeaders and Signature.")
        }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[3] == "bedrock", scope[4] == "aws4_request" else {
            throw FakeBedrockError(status: 403, type: "InvalidSignatureException", message: "Credential should be scoped to a valid service: 'bedrock'.")
        }
        guard scope[0] == options.bedrockAccessKeyID else {
            throw FakeBedrockError(status: 403, type: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        }
        if let token = headerValue("x-amz-security-token", headers), token.hasPrefix("EXPIRED") {
            throw FakeBedrockError(status: 403, type: "ExpiredTokenException", message: "The security token included in the request is expired")
        }
        guard let amzDate = headerValue("x-amz-date", headers), let signedAt = Self.parse(amzDate) else {
            throw FakeBedrockError(status: 403, type: "IncompleteSignatureException", message: "Missing X-Amz-Date.")
        }
        if abs(signedAt.timeIntervalSinceNow) > 300 {
            throw FakeBedrockError(
                status: 403, type: "InvalidSignatureException",
                message: "Signature expired: \(amzDate) is now earlier than \(Self.format(Date().addingTimeInterval(-300))) (\(Self.format(Date())) - 5 min.)")
        }
        let names = signedHeaders.split(separator: ";").map(String.init)
        guard names.contains("host"), names.contains("x-amz-date") else {
            throw FakeBedrockError(status: 403, type: "InvalidSignatureException", message: "host and x-amz-date must be signed.")
        }
        let canonicalHeaders = names.map { name in
            let value = name == "host" ? (authority ?? "") : (headerValue(name, headers) ?? "")
            return "\(name):\(value)\n"
        }.joined()
        let canonical = [
            method, Self.encode(path, slash: true), Self.canonicalQuery(query ?? ""), canonicalHeaders, signedHeaders,
            Self.hex(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope[1...4].joined(separator: "/"), Self.hex(SHA256.hash(data: Array(canonical.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Array(("AWS4" + options.bedrockSecretAccessKey).utf8))
        for part in scope[1...4] { key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))) }
        let expected = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        guard expected == signature else {
            throw FakeBedrockError(
                status: 403, type: "InvalidSignatureException",
                message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                    + "Access Key and signing method. Consult the service documentation for details.")
        }
    }

    private func headerValue(_ name: String, _ headers: HTTPFields) -> String? {
        guard let field = FakeHeaders.FieldName(name) else { return nil }
        let values = headers[values: field]
        guard !values.isEmpty else { return nil }
        return values.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.joined(separator: ",")
    }

    static func encode(_ text: String, slash: Bool) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)
        return text.utf8.map { byte in
            safe.contains(byte) || (slash && byte == UInt8(ascii: "/"))
                ? String(UnicodeScalar(byte)) : "%" + String(format: "%02X", byte)
        }.joined()
    }

    static func canonicalQuery(_ query: String) -> String {
        var pairs: [(key: String, value: String)] = []
        for item in query.split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            pairs.append((encode(key.removingPercentEncoding ?? key, slash: false), encode(value.removingPercentEncoding ?? value, slash: false)))
        }
        pairs.sort { lhs, rhs in lhs.key != rhs.key ? lhs.key < rhs.key : lhs.value < rhs.value }
        return pairs.map { pair in pair.key + "=" + pair.value }.joined(separator: "&")
    }

    static func hex<D: Sequence<UInt8>>(_ bytes: D) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// `20150830T123600Z` → a date.
    static func parse(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        return utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }

    static func format(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }
}
