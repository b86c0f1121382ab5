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

    public func fetch(upstream: ProxySettings.Upstream, timeoutSeconds: Int = 30) async throws -> [ModelInfo] {
        var models: [ModelInfo] = []
        var afterID: String?
        for _ in 0..<20 {
            var path = "/v1/models?limit=1000"
            if let afterID { path += "&after_id=\(afterID)" }
            let response: UpstreamResponse
            do {
                response = try await client.get(path: path, upstream: upstream, timeout: timeoutSeconds)
            } catch {
                throw Failure(description: "cannot reach \(upstream.baseURL): \(error)")
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
