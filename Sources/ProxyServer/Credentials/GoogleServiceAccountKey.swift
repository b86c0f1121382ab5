import Crypto
import Foundation
import ProxyCore
import _CryptoExtras

/// A Google service-account JSON key and the RS256 JWT assertion made from it for the
/// jwt-bearer grant (upstreams.md §2.5a, `google/oauth2/service_account.py`).
///
/// The JSON of the header and the claims is compact with keys in Google's order, and
/// RSASSA-PKCS1-v1_5 is deterministic, so the assertion for a given key and time is exactly
/// reproducible (the test vector `google_sa_jwt.txt`).
public struct GoogleServiceAccountKey: Sendable {
    /// The JWT audience google-auth always uses, whatever `token_uri` says.
    public static let audience = "https://oauth2.googleapis.com/token"
    public static let defaultTokenURI = "https://oauth2.googleapis.com/token"
    public static let cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"
    /// Google's limit for `exp − iat`.
    public static let lifetime = 3600

    public let clientEmail: String
    public let privateKeyID: String?
    /// Where the signed assertion is sent; the file's `token_uri` (which is how tests point it at a fake).
    public let tokenURI: String
    public let projectID: String?
    private let privateKeyPEM: String

    /// Parses a key file's JSON; `path` names it in errors.
    public init(json: JSONValue, path: String) throws(CredentialError) {
        guard case .object(let object) = json else {
            throw CredentialError("service-account key file \(path) is not a JSON object.")
        }
        guard object["type"]?.stringValue == "service_account" else {
            throw CredentialError(
                "\(path) is not a service-account key (type is \(object["type"]?.stringValue ?? "missing")).")
        }
        guard let email = object["client_email"]?.stringValue, !email.isEmpty else {
            throw CredentialError("service-account key file \(path) has no client_email.")
        }
        guard let pem = object["private_key"]?.stringValue, !pem.isEmpty else {
            throw CredentialError("service-account key file \(path) has no private_key.")
        }
        guard (try? _RSA.Signing.PrivateKey(pemRepresentation: pem)) != nil else {
            throw CredentialError(
                "service-account key file \(path) has a private_key that is not an RSA key in PEM form.")
        }
        self.clientEmail = email
        self.privateKeyPEM = pem
        self.privateKeyID = object["private_key_id"]?.stringValue
        self.projectID = object["project_id"]?.stringValue
        let tokenURI = object["token_uri"]?.stringValue ?? ""
        self.tokenURI = tokenURI.isEmpty ? Self.defaultTokenURI : tokenURI
    }

    /// The signed JWT: header `{"alg":"RS256","typ":"JWT","kid":…}`, claims
    /// `{"iat","exp","iss","aud","scope"}` with `exp = iat + 3600`.
    public func assertion(issuedAt: Int, scope: String = cloudPlatformScope) throws(CredentialError) -> String {
        var header = JSONObject([("alg", "RS256"), ("typ", "JWT")])
        if let privateKeyID { header["kid"] = .string(privateKeyID) }
        let claims = JSONObject([
            ("iat", JSONValue(issuedAt)), ("exp", JSONValue(issuedAt + Self.lifetime)), ("iss", .string(clientEmail)),
            ("aud", .string(Self.audience)), ("scope", .string(scope)),
        ])
        let signingInput =
            Base64URL.encode(JSONWriter.bytes(.object(header))) + "."
            + Base64URL.encode(JSONWriter.bytes(.object(claims)))
        do {
            let key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
            let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
            return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
        } catch {
            throw CredentialError("could not sign the service-account assertion for \(clientEmail): \(error)")
        }
    }
}
