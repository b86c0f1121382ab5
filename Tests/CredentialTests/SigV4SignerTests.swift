import Foundation
import ProxyServer
import Testing

/// SigV4 against the vectors of upstreams.md §5.4 (vectors/sigv4_bedrock.txt, which botocore
/// agrees with): canonical request, string to sign and `Authorization`, byte for byte.
@Suite struct SigV4SignerTests {
    static let body = Array(#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":16,"messages":[{"role":"user","content":"Hi"}]}"#.utf8)
    static let host = "bedrock-runtime.us-east-1.amazonaws.com"
    static let keys = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    func sign(_ path: String, token: String? = nil) -> SigV4Signer.Signature {
        var credentials = Self.keys
        credentials.sessionToken = token
        var headers = [
            ("host", Self.host), ("content-type", "application/json"), ("accept", "application/json"),
            ("x-amz-date", "20150830T123600Z"),
        ]
        if let token { headers.append(("x-amz-security-token", token)) }
        return SigV4Signer(credentials: credentials, region: "us-east-1").signature(
            method: "POST", url: "https://\(Self.host)\(path)", headers: headers, body: Self.body, amzDate: "20150830T123600Z")
    }

    @Test func aLiteralColonIsEncodedOnceInTheCanonicalURI() {
        let signature = sign("/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke")
        #expect(
            signature.canonicalRequest == """
                POST
                /model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke

                accept:application/json
                content-type:application/json
                host:bedrock-runtime.us-east-1.amazonaws.com
                x-amz-date:20150830T123600Z

                accept;content-type;host;x-amz-date
                4ce463b5c3d9ec921b15bafe17cf28cc4d188c93bf720c68e1dee3905c9fd0f8
                """)
        #expect(
            signature.stringToSign == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/bedrock/aws4_request
                2e5032c7f38cfd580acb89f24bd10a078b12eda779e16e848522fd1b4284c712
                """)
        #expect(
            signature.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
                + "SignedHeaders=accept;content-type;host;x-amz-date, Signature=9404a556e6e7288d2fd64085fd079b0b1015381f9ea03b10921b693fc8a888c4")
    }

    @Test func anEncodedColonIsEncodedAgain() {
        let signature = sign("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke")
        #expect(signature.canonicalRequest.contains("\n/model/us.anthropic.claude-sonnet-4-5-20250929-v1%253A0/invoke\n"))
        #expect(signature.stringToSign.hasSuffix("3bc7f843dfa5c584aaf2ef27766fd27e22ce9f9a1ec122300218e89a15f5dbca"))
        #expect(signature.signature == "087303929fd9240750c24f3a8ca8a9e4b52531bbe4e3ca63f3b101acb72ab02f")
    }

    @Test func theSessionTokenIsASignedHeader() {
        let signature = sign(
            "/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream", token: "FAKESESSIONTOKEN123")
        #expect(signature.signedHeaders == "accept;content-type;host;x-amz-date;x-amz-security-token")
        #expect(signature.stringToSign.hasSuffix("8d873fd59ea8bab72e8bc4ae78c36ef31146c15551e951145b8dd3d8945dcbe1"))
        #expect(signature.signature == "ca97a9020e4baee9829c1f3e35ba27e3dcd42792abf646566cc48423b905f820")
    }

    @Test func signAddsHostDateTokenAndAuthorizationForTheGivenTime() {
        var credentials = Self.keys
        credentials.sessionToken = "FAKESESSIONTOKEN123"
        let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        let headers = SigV4Signer(credentials: credentials, region: "us-east-1").sign(
            method: "POST", url: "https://\(Self.host)/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream",
            headers: [("content-type", "application/json"), ("accept", "application/json"), ("user-agent", "x")], body: Self.body, date: date)
        let names = headers.map(\.0)
        #expect(names.contains("host") && names.contains("x-amz-date") && names.contains("x-amz-security-token"))
        #expect(headers.first { $0.0 == "x-amz-date" }?.1 == "20150830T123600Z")
        #expect(headers.first { $0.0 == "authorization" }?.1.hasSuffix("Signature=ca97a9020e4baee9829c1f3e35ba27e3dcd42792abf646566cc48423b905f820") == true)
    }

    @Test func queriesAreSortedAndEncodedAndDefaultPortsDropped() {
        let signature = SigV4Signer(credentials: Self.keys, region: "us-east-1").signature(
            method: "GET", url: "https://bedrock.us-east-1.amazonaws.com:443/inference-profiles?typeEquals=SYSTEM_DEFINED&maxResults=1000&nextToken=a%2Bb",
            headers: [("host", "bedrock.us-east-1.amazonaws.com"), ("x-amz-date", "20150830T123600Z")], body: [], amzDate: "20150830T123600Z")
        let lines = signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/inference-profiles")
        #expect(lines[2] == "maxResults=1000&nextToken=a%2Bb&typeEquals=SYSTEM_DEFINED")
        #expect(lines.last == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
