import Foundation
import ProxyCore
import Testing

@testable import ProxyServer

@Suite struct GoogleCredentialTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// The vector's key file with `token_uri` pointing at `url`.
    func serviceAccountFile(tokenURI url: String) throws -> String {
        let json = GoogleVectors.serviceAccountJSON.replacingOccurrences(
            of: "https://oauth2.googleapis.com/token", with: url)
        return try directory.write("sa.json", json)
    }

    /// A fake Google token endpoint that checks the assertion's claims like Google does.
    static func googleTokenEndpoint(expiresIn: Int = 3599, failure: FakeReply? = nil) async throws -> FakeHTTPServer {
        try await FakeHTTPServer.start { request, number in
            if let failure { return failure }
            let fields = Dictionary(FormURLEncoder.decode(request.bodyText), uniquingKeysWith: { $1 })
            if fields["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer" {
                let parts = (fields["assertion"] ?? "").split(separator: ".").map(String.init)
                guard parts.count == 3, let claimsBytes = Base64URL.decode(parts[1]),
                    let claims = try? JSONParser.parse(claimsBytes),
                    claims["aud"]?.stringValue == "https://oauth2.googleapis.com/token",
                    claims["scope"]?.stringValue == "https://www.googleapis.com/auth/cloud-platform",
                    let iat = claims["iat"]?.intValue, let exp = claims["exp"]?.intValue, exp - iat <= 3600
                else { return .json(#"{"error":"invalid_grant","error_description":"Invalid JWT."}"#, status: 400) }
            }
            return .json(#"{"access_token":"ya29.fake-\#(number)","expires_in":\#(expiresIn),"token_type":"Bearer"}"#)
        }
    }

    @Test func serviceAccountAssertionReproducesTheVectorByteForByte() throws {
        let key = try GoogleServiceAccountKey(json: JSONParser.parse(GoogleVectors.serviceAccountJSON), path: "vector")
        #expect(try key.assertion(issuedAt: GoogleVectors.issuedAt) == GoogleVectors.jwt)
        #expect(key.tokenURI == "https://oauth2.googleapis.com/token")
        #expect(key.projectID == "example-project")
    }

    @Test func serviceAccountTokenRequestIsTheVectorBodySentToTheFilesTokenURI() async throws {
        let google = try await Self.googleTokenEndpoint()
        defer { Task { await google.stop() } }
        let provider = try GoogleServiceAccountProvider.load(
            path: try serviceAccountFile(tokenURI: google.baseURL + "/token"), http: .shared, source: "test",
            now: { Double(GoogleVectors.issuedAt) })
        let credential = try await provider.fetch(forceRefresh: false)

        let request = try #require(google.requests.first)
        #expect(request.method == "POST" && request.path == "/token")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(request.bodyText == GoogleVectors.tokenRequestBody)
        #expect(credential.headers.map { "\($0.0): \($0.1)" } == ["authorization: Bearer ya29.fake-1"])
        #expect(credential.expiresAt == Double(GoogleVectors.issuedAt + 3599))
        #expect(provider.kind == "vertex_service_account")
        #expect(provider.redactedID == "sa proxy-test@example-project.iam (key …4567)")
    }

    @Test func rejectedServiceAccountKeyIsExplainedWithoutLeakingTheAssertion() async throws {
        let google = try await Self.googleTokenEndpoint(
            failure: .json(#"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#, status: 400))
        defer { Task { await google.stop() } }
        let provider = try GoogleServiceAccountProvider.load(
            path: try serviceAccountFile(tokenURI: google.baseURL + "/token"), http: .shared, source: "test",
            now: { Double(GoogleVectors.issuedAt) })
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.hasPrefix("service account key rejected: invalid_grant (Invalid JWT Signature.)"))
        #expect(message.contains("create a new key"))
        expectNoSecrets(message, [GoogleVectors.jwt, String(GoogleVectors.jwt.split(separator: ".")[2])])
    }

    @Test func unavailableTokenEndpointIsATransientError() async throws {
        let google = try await Self.googleTokenEndpoint(
            failure: .json(#"{"error":"temporarily_unavailable"}"#, status: 503))
        defer { Task { await google.stop() } }
        let provider = try GoogleServiceAccountProvider.load(
            path: try serviceAccountFile(tokenURI: google.baseURL + "/token"), http: .shared, source: "test")
        do {
            _ = try await provider.fetch(forceRefresh: false)
            Issue.record("expected a failure")
        } catch let error as CredentialError {
            #expect(error.isTransient)
            #expect(error.statusCode == 503)
        }
    }

    static let refreshToken = "1//0fake-google-refresh-token-QWERTY"
    static let clientSecret = "d-FL95Q19q7MQmFpd7hHD0Ty"

    func authorizedUserFile(tokenURI: String, relative: String = "adc.json") throws -> String {
        try directory.write(
            relative,
            #"{"client_id":"764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com","#
                + #""client_secret":"\#(Self.clientSecret)","refresh_token":"\#(Self.refreshToken)","#
                + #""type":"authorized_user","quota_project_id":"my-quota-project","token_uri":"\#(tokenURI)"}"#)
    }

    @Test func authorizedUserRunsTheRefreshGrantAndSendsTheQuotaProject() async throws {
        let google = try await Self.googleTokenEndpoint()
        defer { Task { await google.stop() } }
        let provider = try CredentialResolver.googleFile(
            try authorizedUserFile(tokenURI: google.baseURL + "/token"), source: "test", http: .shared)
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(provider.kind == "vertex_authorized_user")
        #expect(
            google.requests.first?.bodyText
                == "grant_type=refresh_token&client_id=764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com"
                + "&client_secret=\(Self.clientSecret)&refresh_token=1%2F%2F0fake-google-refresh-token-QWERTY")
        #expect(
            credential.headers.map { "\($0.0): \($0.1)" } == [
                "authorization: Bearer ya29.fake-1", "x-goog-user-project: my-quota-project",
            ])
        expectNoSecrets(provider.redactedID + provider.source, [Self.refreshToken, Self.clientSecret])
    }

    @Test func reauthRequiredSaysToSignInAgain() async throws {
        let google = try await Self.googleTokenEndpoint(
            failure: .json(
                #"{"error":"invalid_grant","error_description":"reauth related error (invalid_rapt)","error_subtype":"invalid_rapt"}"#,
                status: 400))
        defer { Task { await google.stop() } }
        let provider = try CredentialResolver.googleFile(
            try authorizedUserFile(tokenURI: google.baseURL + "/token"), source: "test", http: .shared)
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.contains("invalid_grant (reauth related error (invalid_rapt))"))
        #expect(message.contains("sign in again: run `gcloud auth application-default login`"))
        expectNoSecrets(message, [Self.refreshToken, Self.clientSecret])
    }

    @Test func metadataServerNeedsTheFlavorHeaderAndGivesTheToken() async throws {
        let metadata = try await FakeHTTPServer.start { request, _ in
            guard request.headers["metadata-flavor"] == "Google" else { return .json("{}", status: 403) }
            if request.path == "/computeMetadata/v1/project/project-id" {
                return FakeReply(status: 200, headers: [("metadata-flavor", "Google")], body: "my-gce-project")
            }
            return FakeReply(
                status: 200, headers: [("metadata-flavor", "Google"), ("content-type", "application/json")],
                body: #"{"access_token":"ya29.metadata-token","expires_in":1800,"token_type":"Bearer"}"#)
        }
        defer { Task { await metadata.stop() } }
        let provider = GCEMetadataProvider(
            environment: ["GCE_METADATA_HOST": "127.0.0.1:\(metadata.port)"], http: .shared, now: { 1000 })
        let credential = try await provider.fetch(forceRefresh: false)
        #expect(credential.header("authorization") == "Bearer ya29.metadata-token")
        #expect(credential.expiresAt == 2800)
        let request = try #require(metadata.requests.first)
        #expect(request.path == "/computeMetadata/v1/instance/service-accounts/default/token")
        #expect(request.query == "scopes=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform")
        #expect(try await provider.projectID() == "my-gce-project")
    }

    @Test func googleDefaultLooksAtTheEnvironmentThenGcloudThenTheMetadataServer() async throws {
        let home = directory.path
        let saPath = try serviceAccountFile(tokenURI: "https://oauth2.googleapis.com/token")
        let fromEnvironment = try CredentialResolver.googleDefault(
            environment: ["HOME": home, "GOOGLE_APPLICATION_CREDENTIALS": saPath], http: .shared)
        #expect(fromEnvironment.kind == "vertex_service_account")
        #expect(fromEnvironment.source == "env:GOOGLE_APPLICATION_CREDENTIALS (~/sa.json)")

        #expect(try CredentialResolver.googleDefault(environment: ["HOME": home], http: .shared).kind == "gce_metadata")

        _ = try authorizedUserFile(
            tokenURI: "https://oauth2.googleapis.com/token",
            relative: ".config/gcloud/application_default_credentials.json")
        let fromGcloud = try CredentialResolver.googleDefault(environment: ["HOME": home], http: .shared)
        #expect(fromGcloud.kind == "vertex_authorized_user")
        #expect(fromGcloud.source == "gcloud ADC (~/.config/gcloud/application_default_credentials.json)")

        let missing = await errorText {
            _ = try CredentialResolver.googleDefault(
                environment: ["HOME": home, "GOOGLE_APPLICATION_CREDENTIALS": home + "/nope.json"], http: .shared)
        }
        #expect(missing?.contains("GOOGLE_APPLICATION_CREDENTIALS points at") == true)
    }

    @Test func metadataServerAsLastResortExplainsWhatElseToSetUp() async throws {
        let resolved = try CredentialResolver.googleDefault(
            environment: ["HOME": directory.path, "GCE_METADATA_HOST": "127.0.0.1:1"], http: .shared)
        #expect(resolved.kind == "gce_metadata")
        // The same provider with a short timeout: nothing listens on port 1.
        let provider = GCEMetadataProvider(
            environment: ["GCE_METADATA_HOST": "127.0.0.1:1"], http: .shared, isLastResort: true,
            timeout: .milliseconds(300))
        let message = try #require(await errorText { _ = try await provider.fetch(forceRefresh: false) })
        #expect(message.hasPrefix("no Google credentials found"))
        #expect(message.contains("gcloud auth application-default login"))
        let refused = await errorText {
            _ = try CredentialResolver.googleDefault(
                environment: ["HOME": directory.path, "NO_GCE_CHECK": "true"], http: .shared)
        }
        #expect(refused?.contains("no Google credentials found") == true)
    }
}
