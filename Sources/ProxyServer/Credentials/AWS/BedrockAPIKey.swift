import Foundation

/// What can be learnt from a Bedrock API key without sending it (upstreams.md §5.8).
///
/// A short-term key is `bedrock-api-key-` + base64(presigned URL without the scheme +
/// `&Version=1`); its expiry is `X-Amz-Date` + `X-Amz-Expires` and its region is in
/// `X-Amz-Credential`. A long-term key is opaque: its expiry was chosen when it was created and
/// is not in the key.
public struct BedrockAPIKey: Sendable, Equatable {
    public enum Term: Sendable, Equatable {
        case shortTerm(expiresAt: Double, region: String?)
        case longTerm
    }

    public let term: Term

    static let shortTermPrefix = "bedrock-api-key-"

    public init(_ key: String) {
        term = Self.shortTerm(key) ?? .longTerm
    }

    public var expiresAt: Double? {
        if case .shortTerm(let expiresAt, _) = term { return expiresAt }
        return nil
    }

    private static func shortTerm(_ key: String) -> Term? {
        guard key.hasPrefix(shortTermPrefix) else { return nil }
        var encoded = String(key.dropFirst(shortTermPrefix.count))
        encoded = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while encoded.count % 4 != 0 { encoded.append("=") }
        guard let data = Data(base64Encoded: encoded), let url = String(data: data, encoding: .utf8),
            let question = url.firstIndex(of: "?")
        else { return nil }
        var parameters: [String: String] = [:]
        for pair in url[url.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            parameters[String(parts[0])] = String(parts[1]).removingPercentEncoding ?? String(parts[1])
        }
        guard let date = parameters["X-Amz-Date"].flatMap(AWSTimestamp.parseCompact),
            let lifetime = parameters["X-Amz-Expires"].flatMap({ Double($0) }), lifetime > 0
        else { return nil }
        let scope = parameters["X-Amz-Credential"]?.split(separator: "/").map(String.init) ?? []
        return .shortTerm(expiresAt: date + lifetime, region: scope.count >= 5 ? scope[2] : nil)
    }
}
