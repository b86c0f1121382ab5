/// A JSON object that remembers the order its keys were inserted in.
///
/// Upstream bodies and OpenAI chunks are written in a stable, readable order (`id`, `object`, …),
/// which keeps golden test fixtures and the dashboard's inspector legible. Stored as an array of
/// pairs searched linearly: the objects on the wire have a handful of keys, and skipping hashing
/// made parsing streamed events markedly cheaper in the benchmark's profile.
public struct JSONObject: Sendable, Equatable {
    private var storage: [(key: String, value: JSONValue)] = []

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        storage.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: String) -> JSONValue? {
        get {
            for pair in storage where pair.key == key { return pair.value }
            return nil
        }
        set {
            if let index = storage.firstIndex(where: { $0.key == key }) {
                if let newValue { storage[index].value = newValue } else { storage.remove(at: index) }
            } else if let newValue {
                storage.append((key, newValue))
            }
        }
    }

    /// Appends without checking for an existing key; for the parser, which sees each key once
    /// (a duplicate key in the input keeps both, and lookups find the first).
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        storage.append((key, value))
    }

    public var keys: [String] { storage.map(\.key) }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    /// Key/value pairs in insertion order.
    public var pairs: [(key: String, value: JSONValue)] { storage }

    /// Equal when both have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.storage.count == rhs.storage.count else { return false }
        for pair in lhs.storage where rhs[pair.key] != pair.value { return false }
        return true
    }
}
