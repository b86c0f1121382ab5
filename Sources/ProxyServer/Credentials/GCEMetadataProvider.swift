import AsyncHTTPClient
import Foundation
import NIOCore
import ProxyCore

/// The Google metadata server of a GCE VM, GKE pod (Workload Identity) or Cloud Run service
/// (upstreams.md §2.5c): `GET http://<host>/computeMetadata/v1/instance/service-accounts/default/token`
/// with `Metadata-Flavor: Google`. `GCE_METADATA_HOST` (or the legacy `GCE_METADATA_ROOT`)
/// overrides the host, which is also how tests fake it.
///
/// The metadata server hands out the same token until its last ~4 minutes; the cache's 120 s
/// advisory window is inside that, so a refresh always gets a new one.
public struct GCEMetadataProvider: CredentialProvider {
    public let kind = "gce_metadata"
    public let host: String
    public let source: String
    private let transport: TokenEndpointTransport
    private let isLastResort: Bool
    private let now: @Sendable () -> Double

    /// The metadata server answers in milliseconds; off Google Cloud nothing answers at all, and
    /// a request should not hang for the token endpoints' 30 s.
    public static let defaultTimeout: TimeAmount = .seconds(5)

    /// `isLastResort`: chosen by ``CredentialResolver/googleDefault(environment:http:)`` because
    /// nothing else was configured, so a failure explains what else could be set up.
    public init(
        environment: [String: String], http: HTTPClient, isLastResort: Bool = false,
        timeout: TimeAmount = defaultTimeout, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        let configured = [environment["GCE_METADATA_HOST"], environment["GCE_METADATA_ROOT"]].compactMap { $0 }
            .first { !$0.isEmpty }
        self.host = configured ?? "metadata.google.internal"
        self.source = configured == nil ? "metadata server" : "metadata server \(host) (GCE_METADATA_HOST)"
        self.transport = TokenEndpointTransport(http: http, timeout: timeout)
        self.isLastResort = isLastResort
        self.now = now
    }

    public var redactedID: String { "metadata server (default service account)" }

    public func fetch(forceRefresh: Bool) async throws -> IssuedCredential {
        let scopes = FormURLEncoder.percentEncode(GoogleServiceAccountKey.cloudPlatformScope)
        let body = try await get("/computeMetadata/v1/instance/service-accounts/default/token?scopes=\(scopes)")
        let grant = try TokenGrant.parse(body, endpoint: "the metadata server at \(host)", requireExpiry: true)
        return IssuedCredential(
            headers: [("authorization", "Bearer \(grant.accessToken)")],
            expiresAt: now().rounded(.down) + (grant.expiresIn ?? 0).rounded(.down), secret: grant.accessToken)
    }

    /// The project the VM or service runs in (`…/project/project-id`).
    public func projectID() async throws -> String {
        let body = try await get("/computeMetadata/v1/project/project-id")
        let project = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !project.isEmpty else { throw CredentialError("the metadata server at \(host) returned no project id.") }
        return project
    }

    private func get(_ path: String) async throws(CredentialError) -> [UInt8] {
        let url = "http://\(host)\(path)"
        let reply: TokenEndpointTransport.Reply
        do {
            reply = try await transport.send(
                .GET, url: url, headers: [("metadata-flavor", "Google"), ("user-agent", AnthropicClient.userAgent)],
                endpoint: "the metadata server", secrets: [])
        } catch {
            guard isLastResort else { throw error }
            throw CredentialError(
                "no Google credentials found: GOOGLE_APPLICATION_CREDENTIALS is not set, there is no gcloud login "
                    + "(application_default_credentials.json), and no metadata server answered at \(host) "
                    + "(\(error.message)). Set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run "
                    + "`gcloud auth application-default login`.",
                isTransient: true)
        }
        guard reply.status == 200 else {
            let (_, description) = TokenGrant.errorSummary(reply.body)
            throw CredentialError(
                "the metadata server at \(host) answered HTTP \(reply.status)"
                    + (description.map { " (\($0))" } ?? "")
                    + "; check that this instance has a service account with the cloud-platform scope.",
                isTransient: AnthropicTokenEndpoint.isTransient(reply.status), statusCode: reply.status)
        }
        return reply.body
    }
}
