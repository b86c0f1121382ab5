import ProxyCore

/// The fake's models under Bedrock's names: `anthropic.{id}-v1:0` for dated ids, `anthropic.{id}-v1`
/// for newer undated ones, each also as `us.`, `eu.`, `apac.` and `global.` system inference
/// profiles. Undated (newer) models accept only inference profiles, as on Bedrock.
enum FakeBedrockCatalog {
    static let geographies = ["us", "eu", "apac", "global"]

    static func baseID(_ model: FakeModel) -> String {
        "anthropic.\(model.id)-v1\(isDated(model.id) ? ":0" : "")"
    }

    static func isDated(_ id: String) -> Bool {
        id.split(separator: "-").last.map { $0.count == 8 && $0.allSatisfy(\.isNumber) } ?? false
    }

    /// The fake model a Bedrock id (base or profile) names; nil when unknown.
    static func firstPartyID(forBedrockID id: String) -> String? {
        for model in FakeModelCatalog.models {
            let base = baseID(model)
            if id == base || geographies.contains(where: { id == "\($0).\(base)" }) { return model.id }
        }
        return nil
    }

    static func requiresInferenceProfile(_ id: String) -> Bool {
        id.hasPrefix("anthropic.") && !isDated(BedrockModelMap.firstPartyID(id))
    }

    static func foundationModelsJSON() -> String {
        let summaries = FakeModelCatalog.models.map { model in
            let types = isDated(model.id) ? #"["ON_DEMAND","INFERENCE_PROFILE"]"# : #"["INFERENCE_PROFILE"]"#
            return #"{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/\#(baseID(model))","modelId":"\#(baseID(model))","#
                + #""modelName":\#(JSONText.quote(model.displayName)),"providerName":"Anthropic","inputModalities":["TEXT","IMAGE"],"#
                + #""outputModalities":["TEXT"],"responseStreamingSupported":true,"inferenceTypesSupported":\#(types),"#
                + #""modelLifecycle":{"status":"ACTIVE"}}"#
        }
        return #"{"modelSummaries":[\#(summaries.joined(separator: ","))]}"#
    }

    static func inferenceProfilesJSON() -> String {
        var summaries: [String] = []
        for model in FakeModelCatalog.models {
            for geography in geographies {
                let id = "\(geography).\(baseID(model))"
                summaries.append(
                    #"{"inferenceProfileId":"\#(id)","inferenceProfileName":\#(JSONText.quote("\(geography.uppercased()) \(model.displayName)")),"#
                        + #""inferenceProfileArn":"arn:aws:bedrock:us-east-1:123456789012:inference-profile/\#(id)","#
                        + #""status":"ACTIVE","type":"SYSTEM_DEFINED","models":[]}"#)
            }
        }
        return #"{"inferenceProfileSummaries":[\#(summaries.joined(separator: ","))]}"#
    }
}
