import ProxyCore

/// Fetches every page of the upstream's `GET /v1/models`.
public struct ModelsFetcher: Sendable {
    let client: AnthropicClient

    public init(client: AnthropicClient) {
        self.client = client
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The live list from the first first-party upstream, else from the first Bedrock upstream
    /// (Vertex has no models endpoint for Claude). Every Bedrock upstream's model table is refreshed
    /// on the way, so its requests go to the ids its account lists.
    public func fetch(pool: UpstreamPool, timeoutSeconds: Int = 30) async throws -> [ModelInfo] {
        let bedrock = pool.targets.filter { $0.upstream.kind.isBedrock }
        guard let target = pool.targets.first(where: { $0.upstream.kind == .anthropic }) else {
            guard let first = bedrock.first else { return [] }
            let models = try await fetch(target: first, timeoutSeconds: timeoutSeconds)
            for other in bedrock.dropFirst() { _ = try? await fetch(target: other, timeoutSeconds: timeoutSeconds) }
            return models
        }
        // The first-party list first: a Bedrock control plane that is slow or not permitted must not delay it.
        let models: Result<[ModelInfo], any Error>
        do {
            models = .success(try await fetch(target: target, timeoutSeconds: timeoutSeconds))
        } catch {
            models = .failure(error)
        }
        for other in bedrock { _ = try? await fetch(target: other, timeoutSeconds: timeoutSeconds) }
        return try models.get()
    }

    public func fetch(target: UpstreamPool.Target, timeoutSeconds: Int = 30) async throws -> [ModelInfo] {
        if target.upstream.kind.isBedrock {
            return try await BedrockModelsFetcher(client: client).fetch(target: target, timeoutSeconds: timeoutSeconds)
        }
        guard target.upstream.kind == .anthropic else { return [] }
        let credential: IssuedCredential?
        do {
            credential = try await target.cache?.credential()
        } catch {
            throw Failure(description: "\(target.upstream.name): \(CredentialError.wrapping(error).message)")
        }
        let headers = AnthropicClient.anthropicHeaders(credential?.headers ?? [])
        var models: [ModelInfo] = []
        var afterID: String?
        for _ in 0..<20 {
            var path = "/v1/models?limit=1000"
            if let afterID { path += "&after_id=\(afterID)" }
            let response: UpstreamResponse
            do {
                response = try await client.get(url: target.baseURL + path, headers: headers, timeout: timeoutSeconds)
            } catch {
                throw Failure(description: "cannot reach \(target.baseURL): \(error)")
            }
            let body = try await response.collect(limit: 16 << 20)
            guard response.status == 200, let json = try? JSONParser.parse(body) else {
                let error = UpstreamErrorMapper.map(status: response.status, body: body, requestID: response.requestID)
                throw Failure(description: "models list: HTTP \(response.status): \(error.message)")
            }
            models += (json["data"]?.arrayValue ?? []).compactMap(ModelInfo.init(anthropicJSON:))
            guard json["has_more"]?.boolValue == true, let last = json["last_id"]?.stringValue else { break }
            afterID = last
        }
        return models
    }
}
