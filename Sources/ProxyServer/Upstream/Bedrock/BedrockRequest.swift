import Foundation
import ProxyCore

/// What the upstream sender does differently for a Bedrock upstream: the URL and body, the
/// signed (or bearer) headers, and the error mapping.
enum BedrockRequest {
    static func region(_ target: UpstreamPool.Target) -> String {
        if case .bedrock(let region) = target.upstream.kind { return region }
        return ""
    }

    /// The InvokeModel URL and body, with the client's `anthropic-beta` header moved into the body.
    static func prepare(
        _ operation: UpstreamRoute.Operation, target: UpstreamPool.Target, body: JSONObject, stream: Bool,
        clientHeaders: [(String, String)]
    ) -> UpstreamRequest {
        let betas = UpstreamRoute.betas(clientHeaders)
        let models = target.bedrockModels?.snapshot ?? BedrockModelMap(geography: target.upstream.bedrockGeography)
        let (url, body) = UpstreamRoute.bedrock(
            operation, baseURL: target.baseURL, body: body, stream: stream, models: models, betas: betas)
        // The headers are the signature's, made per attempt by `headers(url:body:credential:target:now:)`.
        return UpstreamRequest(url: url, body: body, headers: [])
    }

    /// The headers of one attempt: signed with the credential's AWS keys (a fresh date each time),
    /// or the bearer key as issued.
    static func headers(
        url: String, body: [UInt8], credential: IssuedCredential?, target: UpstreamPool.Target, now: Date = Date()
    ) -> [(String, String)] {
        let plain = [("accept", "application/json"), ("content-type", "application/json")]
        guard let aws = credential?.aws else { return (credential?.headers ?? []) + plain }
        return SigV4Signer(credentials: aws, region: region(target)).sign(
            method: "POST", url: url, headers: plain, body: body, date: now)
    }

    static func error(_ response: UpstreamResponse, body: [UInt8], target: UpstreamPool.Target, model: String?) -> ProxyError {
        BedrockErrorMapper.map(
            status: response.status, headers: response.headers, body: body, upstream: target.upstream.name,
            region: region(target), model: model)
    }
}
