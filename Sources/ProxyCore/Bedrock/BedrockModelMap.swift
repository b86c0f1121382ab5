/// Which Bedrock model id a request goes to, given the model id the catalog resolved.
///
/// The catalog speaks first-party ids (`claude-sonnet-4-5-20250929`, `claude-opus-4-6`), so
/// aliases and `family:` rules work the same for every upstream; each Bedrock upstream then maps
/// that id to its own: a system inference profile for the configured geography (`us.`, `eu.`,
/// `apac.`, `global.`) when the account lists one, else the base model id. Ids that already are
/// Bedrock's (`us.anthropic.…`, `anthropic.…`, ARNs) are sent as written.
///
/// Built from `ListFoundationModels` and `ListInferenceProfiles` on the control plane; before
/// those lists are known (or without permission to read them) the id is derived by Bedrock's
/// naming pattern.
public struct BedrockModelMap: Sendable, Equatable {
    /// The inference-profile prefix to prefer (`us`, `eu`, `apac`, `global`); nil: base ids.
    public var geography: String?
    /// `anthropic.*` model ids from `ListFoundationModels`.
    public var foundationModels: [String]
    /// System inference profile ids from `ListInferenceProfiles`.
    public var inferenceProfiles: [String]

    public init(geography: String?, foundationModels: [String] = [], inferenceProfiles: [String] = []) {
        self.geography = geography
        self.foundationModels = foundationModels
        self.inferenceProfiles = inferenceProfiles
    }

    /// The geography AWS gives a region's system inference profiles: `us-east-1` → `us`,
    /// `eu-west-1` → `eu`, `ap-northeast-1` → `apac`; nil when unknown (base ids are used).
    public static func geography(forRegion region: String) -> String? {
        if region.hasPrefix("us-gov-") { return "us-gov" }
        if region.hasPrefix("us-") || region.hasPrefix("ca-") { return "us" }
        if region.hasPrefix("eu-") { return "eu" }
        if region.hasPrefix("ap-") { return "apac" }
        return nil
    }

    /// Whether `id` is already a Bedrock model id, inference profile or ARN.
    public static func isBedrockID(_ id: String) -> Bool {
        id.hasPrefix("arn:") || id.hasPrefix("anthropic.") || id.contains(".anthropic.")
    }

    /// `us.anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5-20250929`;
    /// `global.anthropic.claude-opus-4-6-v1` → `claude-opus-4-6`; anything else unchanged.
    public static func firstPartyID(_ id: String) -> String {
        guard let range = id.range(of: "anthropic.") else { return id }
        var name = Substring(id[range.upperBound...])
        if let colon = name.lastIndex(of: ":"), name[name.index(after: colon)...].allSatisfy(\.isNumber) {
            name = name[..<colon]
        }
        if let dash = name.lastIndex(of: "-") {
            let suffix = name[name.index(after: dash)...]
            if suffix.count >= 2, suffix.first == "v", suffix.dropFirst().allSatisfy(\.isNumber) { name = name[..<dash] }
        }
        return String(name)
    }

    /// The id to put in the Bedrock URL for the catalog's `model`.
    public func bedrockID(for model: String) -> String {
        if Self.isBedrockID(model) { return model }
        let profiles = inferenceProfiles.filter { Self.firstPartyID($0) == model }
        if let geography, let preferred = profiles.first(where: { $0.hasPrefix(geography + ".") }) { return preferred }
        if let base = foundationModels.first(where: { Self.firstPartyID($0) == model }) {
            // Without a profile for the chosen geography the base id is the safe choice.
            if geography == nil || profiles.isEmpty { return base }
        }
        if let global = profiles.first(where: { $0.hasPrefix("global.") }) { return global }
        if let any = profiles.first { return any }
        if let base = foundationModels.first(where: { Self.firstPartyID($0) == model }) { return base }
        // Not listed (yet): Bedrock's naming pattern. Dated ids carry `-v1:0`, newer undated ones `-v1`.
        let hasDate = model.split(separator: "-").last.map { $0.count == 8 && $0.allSatisfy(\.isNumber) } ?? false
        let base = "anthropic.\(model)-v1\(hasDate ? ":0" : "")"
        return geography.map { "\($0).\(base)" } ?? base
    }

    /// The models as the catalog lists them (first-party ids), newest first by version number then
    /// date, since Bedrock's lists carry no release dates (`created` stays 0, so the catalog's
    /// `family:` rule picks the first match of this order).
    public func catalogModels(displayNames: [String: String] = [:]) -> [ModelInfo] {
        var seen = Set<String>()
        var ids: [String] = []
        for id in foundationModels + inferenceProfiles {
            let name = Self.firstPartyID(id)
            if name.hasPrefix("claude-"), seen.insert(name).inserted { ids.append(name) }
        }
        let sorted = ids.sorted { lhs, rhs in
            let (left, right) = (Self.versionKey(lhs), Self.versionKey(rhs))
            return left == right ? lhs < rhs : right.lexicographicallyPrecedes(left)
        }
        return sorted.map { ModelInfo(id: $0, displayName: displayNames[$0]) }
    }

    /// The numbers in an id, dates last: `claude-sonnet-4-5-20250929` → [4, 5, 20250929].
    static func versionKey(_ id: String) -> [Int] {
        let numbers = id.split(separator: "-").compactMap { Int($0) }
        let version = numbers.filter { $0 < 1_000_000 }
        let dates = numbers.filter { $0 >= 1_000_000 }
        return version + [0, 0, 0].prefix(max(0, 3 - version.count)) + (dates.isEmpty ? [0] : dates)
    }
}
