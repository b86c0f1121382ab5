import Foundation
import Testing

@testable import ProxyServer

@Suite struct BedrockAPIKeyTests {
    /// From `vectors/bedrock_short_term_api_key.txt`.
    static let shortTermKey =
        "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFLSURFWEFNUExFJTJGMjAxNTA4MzAlMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAxNTA4MzBUMTIzNjAwWiZYLUFtei1FeHBpcmVzPTQzMjAwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCZYLUFtei1TaWduYXR1cmU9OGE2NDNiYjNhNmY0YmYwY2E3OTEwNWJhYTg1ZDZiNGNkZDYxOGIzMDg4YjVkMTMyYTc4NDI0MzA0MWZkMDg4MCZWZXJzaW9uPTE="
    /// 2015-08-31 00:36:00 UTC, as the vector derives it.
    static let vectorExpiry: Double = 1_440_981_360

    @Test func shortTermKeyExpiryAndRegionMatchTheVector() {
        let key = BedrockAPIKey(Self.shortTermKey)
        #expect(key.term == .shortTerm(expiresAt: Self.vectorExpiry, region: "us-east-1"))
        #expect(key.expiresAt == Self.vectorExpiry)
    }

    @Test func otherKeysAreLongTermWithUnknownExpiry() {
        #expect(BedrockAPIKey("ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWtleQ==").term == .longTerm)
        #expect(BedrockAPIKey("bedrock-api-key-!!!not-base64").term == .longTerm)
    }

    @Test func shortTermKeyIsSentAsBearerWithItsExpiryShown() async throws {
        let provider = BedrockAPIKeyProvider(
            key: Self.shortTermKey, origin: "env:AWS_BEARER_TOKEN_BEDROCK", now: { Self.vectorExpiry - 3600 })
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(credential.headers.map { "\($0.0): \($0.1)" } == ["authorization: Bearer \(Self.shortTermKey)"])
        #expect(credential.expiresAt == Self.vectorExpiry && credential.aws == nil)
        #expect(credential.secret == Self.shortTermKey)
        #expect(provider.kind == "bedrock_api_key")
        #expect(
            provider.source
                == "bedrock api key (short-term, expires 2015-08-31 00:36:00 UTC; env:AWS_BEARER_TOKEN_BEDROCK)")
        expectNoSecrets(provider.description + provider.redactedID, [Self.shortTermKey])
    }

    @Test func expiredShortTermKeySaysToGenerateANewOne() async throws {
        let provider = BedrockAPIKeyProvider(key: Self.shortTermKey, origin: "config", now: { Self.vectorExpiry })
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("expired at 2015-08-31 00:36:00 UTC"))
        #expect(message.contains("generate a new one"))
        expectNoSecrets(message, [Self.shortTermKey])
    }

    @Test func longTermKeyDoesNotExpire() async throws {
        let provider = BedrockAPIKeyProvider(key: "ABSKlongtermkeyvalue0123456789", origin: "config")
        #expect(provider.source == "bedrock api key (long-term, expiry unknown; config)")
        #expect(try await provider.fetch(forceRefresh: false).expiresAt == nil)
    }
}
