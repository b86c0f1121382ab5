import Crypto
import Foundation
import ProxyCore

/// AWS Signature Version 4, header variant (upstreams.md §5.4), as botocore's `SigV4Auth` signs:
/// canonical request, string to sign, derived signing key, `Authorization` header.
///
/// ```swift
/// let signer = SigV4Signer(credentials: aws, region: "us-east-1")
/// let headers = signer.sign(method: "POST", url: url, headers: [("content-type", "application/json")], body: body, date: Date())
/// ```
/// The returned headers are the ones to send, exactly: `host`, `x-amz-date`, the session token
/// when there is one, and `authorization` added to the given ones.
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    /// The signing name: `bedrock` for both Bedrock hosts (not `bedrock-runtime`).
    public let service: String

    /// Headers never signed (botocore's `SIGNED_HEADERS_BLACKLIST`): an HTTP client or proxy may change them.
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "authorization",
    ]

    public init(credentials: AWSCredentials, region: String, service: String = "bedrock") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The pieces of one signature, for tests against published vectors.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signedHeaders: String
        public var signature: String
        public var authorization: String
    }

    /// Signs a request and returns every header to send (the given ones plus `host`, `x-amz-date`,
    /// `x-amz-security-token` and `authorization`). `url` is the URL exactly as it goes on the wire.
    public func sign(
        method: String, url: String, headers: [(String, String)], body: [UInt8], date: Date
    ) -> [(String, String)] {
        let amzDate = Self.amzDate(date)
        var all = headers.filter { name, _ in
            let lowered = name.lowercased()
            return lowered != "authorization" && lowered != "x-amz-date" && lowered != "host" && lowered != "x-amz-security-token"
        }
        all.insert(("host", Self.hostHeader(url)), at: 0)
        all.append(("x-amz-date", amzDate))
        if let token = credentials.sessionToken { all.append(("x-amz-security-token", token)) }
        let signature = signature(method: method, url: url, headers: all, body: body, amzDate: amzDate)
        all.append(("authorization", signature.authorization))
        return all
    }

    /// The signature of a request whose headers already include `host` and `x-amz-date`.
    public func signature(
        method: String, url: String, headers: [(String, String)], body: [UInt8], amzDate: String
    ) -> Signature {
        let (canonical, signedHeaders) = Self.canonicalRequest(method: method, url: url, headers: headers, body: body)
        let datestamp = String(amzDate.prefix(8))
        let scope = "\(datestamp)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hex(SHA256.hash(data: Array(canonical.utf8))))"
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [datestamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return Signature(
            canonicalRequest: canonical, stringToSign: stringToSign, signedHeaders: signedHeaders, signature: signature,
            authorization: authorization)
    }

    /// The canonical request and the signed-header list.
    public static func canonicalRequest(
        method: String, url: String, headers: [(String, String)], body: [UInt8]
    ) -> (String, String) {
        let (path, query) = pathAndQuery(url)
        var grouped: [String: [String]] = [:]
        for (name, value) in headers {
            let lowered = name.lowercased()
            guard !unsignedHeaders.contains(lowered) else { continue }
            grouped[lowered, default: []].append(collapseSpaces(value))
        }
        let names = grouped.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let payloadHash =
            headers.first { $0.0.lowercased() == "x-amz-content-sha256" }?.1 ?? hex(SHA256.hash(data: body))
        let lines = [
            method.uppercased(), canonicalURI(path), canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash,
        ]
        return (lines.joined(separator: "\n"), signedHeaders)
    }

    /// Dot and empty segments removed, then every byte outside `A–Z a–z 0–9 - _ . ~ /` percent-encoded
    /// (so an already-encoded `%3A` becomes `%253A`, as AWS expects for every service but S3).
    static func canonicalURI(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        var normalized = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") && !segments.isEmpty { normalized += "/" }
        return percentEncode(normalized, keepingSlash: true)
    }

    /// Query pairs decoded, then re-encoded with the safe set `-_.~` and sorted by key, then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (percentEncode(key, keepingSlash: false), percentEncode(value, keepingSlash: false))
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static func percentEncode(_ text: String, keepingSlash: Bool) -> String {
        var result = ""
        for byte in text.utf8 {
            if UpstreamRoute.isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let digits = String(byte, radix: 16, uppercase: true)
                result += "%" + (digits.count == 1 ? "0" + digits : digits)
            }
        }
        return result
    }

    static func collapseSpaces(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// `host` as AWS signs it: lower-case, the port only when it is not the scheme's default.
    static func hostHeader(_ url: String) -> String {
        let isHTTPS = url.lowercased().hasPrefix("https://")
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }.lowercased()
        if isHTTPS, authority.hasSuffix(":443") { return String(authority.dropLast(4)) }
        if !isHTTPS, authority.hasSuffix(":80") { return String(authority.dropLast(3)) }
        return authority
    }

    static func pathAndQuery(_ url: String) -> (String, String) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return ("/", "") }
        let target = rest[slash...]
        guard let question = target.firstIndex(of: "?") else { return (String(target), "") }
        let path = target[..<question]
        return (path.isEmpty ? "/" : String(path), String(target[target.index(after: question)...]))
    }

    static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", parts.year ?? 0) + two(parts.month) + two(parts.day) + "T" + two(parts.hour)
            + two(parts.minute) + two(parts.second) + "Z"
    }

    static func hex<D: Sequence<UInt8>>(_ digest: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

