import ProxyCore
import Synchronization

/// One Bedrock upstream's current ``BedrockModelMap``, replaced when its model lists are fetched
/// again and read by every request on the way out.
public final class BedrockModelTable: Sendable {
    private let map: Mutex<BedrockModelMap>

    public init(_ map: BedrockModelMap) {
        self.map = Mutex(map)
    }

    public var snapshot: BedrockModelMap { map.withLock { $0 } }

    /// Keeps the geography, replaces the lists.
    public func update(foundationModels: [String], inferenceProfiles: [String]) {
        map.withLock {
            $0.foundationModels = foundationModels
            $0.inferenceProfiles = inferenceProfiles
        }
    }
}
