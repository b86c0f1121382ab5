import Foundation
import Hummingbird

/// Response headers every fake response carries: `request-id` and Anthropic's rate-limit family.
enum FakeHeaders {
    /// `HTTPField.Name` (HTTPTypes is not a direct dependency; reach it through `HTTPFields`).
    typealias FieldName = HTTPFields.Element.Name

    static let requestID = FieldName("request-id")!
    static let retryAfter = FieldName("retry-after")!
    static let retryAfterMs = FieldName("retry-after-ms")!
    static let cacheControl = FieldName("cache-control")!

    /// `(name, value)` pairs of the rate-limit headers (reset = now + 60 s, RFC 3339).
    private static let rateLimitFamilies: [(String, Int)] = [
        ("requests", 4_000),
        ("tokens", 2_000_000),
        ("input-tokens", 1_600_000),
        ("output-tokens", 400_000),
    ]

    private static let rateLimitNames: [(limit: FieldName, remaining: FieldName, reset: FieldName, value: Int)] =
        rateLimitFamilies.map { family, value in
            (
                FieldName("anthropic-ratelimit-\(family)-limit")!,
                FieldName("anthropic-ratelimit-\(family)-remaining")!,
                FieldName("anthropic-ratelimit-\(family)-reset")!,
                value
            )
        }

    /// Headers for a response with the given request id and content type.
    static func standard(requestID: String, contentType: String) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(20)
        fields[.contentType] = contentType
        fields[Self.requestID] = requestID
        let reset = Date(timeIntervalSinceNow: 60).formatted(.iso8601)
        for entry in rateLimitNames {
            fields[entry.limit] = String(entry.value)
            fields[entry.remaining] = String(entry.value - 1)
            fields[entry.reset] = reset
        }
        return fields
    }
}

extension FakeHeaders {
    static let apiKey = FieldName("x-api-key")!
    static let anthropicVersion = FieldName("anthropic-version")!
}
