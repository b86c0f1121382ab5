import Foundation
import ProxyCore

/// Reads a Bedrock upstream's Claude models from its control plane — `ListFoundationModels`
/// (`GET /foundation-models?byProvider=Anthropic`) and `ListInferenceProfiles`
/// (`GET /inference-profiles?typeEquals=SYSTEM_DEFINED`, every page) — signed like the runtime
/// calls, and stores them in the upstream's model table.
struct BedrockModelsFetcher: Sendable {
    let client: AnthropicClient

    /// Fetches both lists, updates `target.bedrockModels` and returns the models as the catalog lists them.
    func fetch(target: UpstreamPool.Target, timeoutSeconds: Int) async throws -> [ModelInfo] {
        let credential: IssuedCredential?
        do {
            credential = try await target.cache?.credential()
        } catch {
            throw ModelsFetcher.Failure(description: "\(target.upstream.name): \(CredentialError.wrapping(error).message)")
        }
        let control = target.upstream.bedrockControlURL ?? UpstreamRoute.bedrockControlURL(region: BedrockRequest.region(target))
        let foundation = try await get(control + "/foundation-models?byProvider=Anthropic", target, credential, timeoutSeconds)
        var displayNames: [String: String] = [:]
        var foundationIDs: [String] = []
        for summary in foundation["modelSummaries"]?.arrayValue ?? [] {
            guard let id = summary["modelId"]?.stringValue, id.hasPrefix("anthropic.") else { continue }
            if summary["modelLifecycle"]?["status"]?.stringValue == "LEGACY" { continue }
            foundationIDs.append(id)
            if let name = summary["modelName"]?.stringValue { displayNames[BedrockModelMap.firstPartyID(id)] = name }
        }
        var profileIDs: [String] = []
        var nextToken: String?
        for _ in 0..<20 {
            var url = control + "/inference-profiles?maxResults=1000&typeEquals=SYSTEM_DEFINED"
            if let nextToken { url += "&nextToken=" + SigV4Signer.percentEncode(nextToken, keepingSlash: false) }
            let page = try await get(url, target, credential, timeoutSeconds)
            for summary in page["inferenceProfileSummaries"]?.arrayValue ?? [] {
                guard let id = summary["inferenceProfileId"]?.stringValue, id.contains("anthropic.") else { continue }
                if let status = summary["status"]?.stringValue, status != "ACTIVE" { continue }
                profileIDs.append(id)
            }
            guard let token = page["nextToken"]?.stringValue, !token.isEmpty else { break }
            nextToken = token
        }
        target.bedrockModels?.update(foundationModels: foundationIDs, inferenceProfiles: profileIDs)
        let map = target.bedrockModels?.snapshot
            ?? BedrockModelMap(geography: nil, foundationModels: foundationIDs, inferenceProfiles: profileIDs)
        return map.catalogModels(displayNames: displayNames)
    }

    private func get(
        _ url: String, _ target: UpstreamPool.Target, _ credential: IssuedCredential?, _ timeout: Int
    ) async throws -> JSONValue {
        var headers = [("accept", "application/json")]
        if let aws = credential?.aws {
            headers = SigV4Signer(credentials: aws, region: BedrockRequest.region(target)).sign(
                method: "GET", url: url, headers: headers, body: [], date: Date())
        } else {
            headers += credential?.headers ?? []
        }
        let response: UpstreamResponse
        do {
            response = try await client.getExact(url: url, headers: headers, timeout: timeout)
        } catch {
            throw ModelsFetcher.Failure(description: "cannot reach \(url): \(error)")
        }
        let body = try await response.collect(limit: 16 << 20)
        guard response.status == 200, let json = try? JSONParser.parse(body) else {
            let error = BedrockErrorMapper.map(
                status: response.status, headers: response.headers, body: body, upstream: target.upstream.name,
                region: BedrockRequest.region(target))
            throw ModelsFetcher.Failure(description: "Bedrock model list: HTTP \(response.status): \(error.message)")
        }
        return json
    }
}
