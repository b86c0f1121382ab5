/// The `responses` section: the Responses store.
extension ConfigReader {
    func readResponses(_ root: JSONObject, into config: inout ConfigFile) throws(ConfigError) {
        guard let section = root["responses"] else { return }
        let object = try object(section, "responses", allowed: ["store", "maxAgeDays", "maxMegabytes"])
        var settings = ResponsesSettings()
        settings.store = try bool(object["store"], "responses.store") ?? settings.store
        settings.maxAgeDays = try int(object["maxAgeDays"], "responses.maxAgeDays", range: 1...36_500) ?? settings.maxAgeDays
        settings.maxMegabytes =
            try int(object["maxMegabytes"], "responses.maxMegabytes", range: 1...1_000_000) ?? settings.maxMegabytes
        config.responses = settings
    }
}
