import Foundation
import Hummingbird

/// `GET /v1/models` (paginated with `limit`, `after_id`, `before_id`) and `GET /v1/models/{id}`.
enum ModelsEndpoint {
    static func list(query rawQuery: String?) throws(FakeAPIError) -> String {
        let query = parseQuery(rawQuery)
        let models = FakeModelCatalog.models
        var limit = 20
        if let raw = query["limit"] {
            guard let value = Int(raw) else { throw .invalidRequest("limit: Input should be a valid integer") }
            guard value >= 1 else { throw .invalidRequest("limit: Input should be greater than or equal to 1") }
            guard value <= 1000 else { throw .invalidRequest("limit: Input should be less than or equal to 1000") }
            limit = value
        }
        var page: ArraySlice<FakeModel>
        var hasMore: Bool
        if let after = query["after_id"] {
            guard let index = models.firstIndex(where: { $0.id == after }) else {
                throw .invalidRequest("after_id: unknown model id '\(after)'")
            }
            page = models[(index + 1)...].prefix(limit)
            hasMore = (index + 1 + page.count) < models.count
        } else if let before = query["before_id"] {
            guard let index = models.firstIndex(where: { $0.id == before }) else {
                throw .invalidRequest("before_id: unknown model id '\(before)'")
            }
            page = models[..<index].suffix(limit)
            hasMore = page.startIndex > 0
        } else {
            page = models.prefix(limit)
            hasMore = page.count < models.count
        }
        return JSONText.object([
            ("data", "[" + page.map(\.json).joined(separator: ",") + "]"),
            ("has_more", String(hasMore)),
            ("first_id", JSONText.quoteOrNull(page.first?.id)),
            ("last_id", JSONText.quoteOrNull(page.last?.id)),
        ])
    }

    static func model(id: String) throws(FakeAPIError) -> String {
        guard let model = FakeModelCatalog.model(id: id.removingPercentEncoding ?? id) else {
            throw .notFound("model: \(id)")
        }
        return model.json
    }

    /// `a=1&b=2` → `["a": "1", "b": "2"]` (percent-decoded; first occurrence wins).
    private static func parseQuery(_ query: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            if result[key] == nil { result[key] = value }
        }
        return result
    }
}
