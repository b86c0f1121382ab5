/// The `ledger` and `prices` sections.
extension ConfigReader {
    static let priceKeys = ["inputPerMTok", "outputPerMTok", "cacheReadPerMTok", "cacheWritePerMTok"]

    func readLedger(_ root: JSONObject, into config: inout ConfigFile) throws(ConfigError) {
        if let ledger = root["ledger"] {
            let object = try object(ledger, "ledger", allowed: ["enabled", "path", "retentionDays"])
            var settings = LedgerSettings()
            settings.enabled = try bool(object["enabled"], "ledger.enabled") ?? settings.enabled
            if let path = try string(object["path"], "ledger.path") {
                guard !path.isEmpty else { throw fail("ledger.path", "must not be empty (leave it out for the default)") }
                settings.path = path
            }
            settings.retentionDays =
                try int(object["retentionDays"], "ledger.retentionDays", range: 1...36_500) ?? settings.retentionDays
            config.ledger = settings
        }
        if let prices = root["prices"] {
            let models = try object(prices, "prices", allowed: Set(prices.objectValue?.keys ?? []))
            for (model, entry) in models.pairs {
                let key = "prices.\(model)"
                let fields = try object(entry, key, allowed: Set(Self.priceKeys))
                var values: [Double] = []
                for name in Self.priceKeys {
                    guard let value = fields[name], !value.isNull else {
                        throw fail("\(key).\(name)", "missing (US dollars per million tokens; all four prices are required)")
                    }
                    guard let number = value.doubleValue else {
                        throw fail("\(key).\(name)", "expected a number of US dollars per million tokens, got \(value.typeName)")
                    }
                    guard number >= 0, number < 1_000_000 else {
                        throw fail("\(key).\(name)", "must be between 0 and 1000000 US dollars per million tokens, got \(number)")
                    }
                    values.append(number)
                }
                config.prices[model] = ModelPrice(
                    inputPerMTok: values[0], outputPerMTok: values[1], cacheReadPerMTok: values[2], cacheWritePerMTok: values[3])
            }
        }
    }
}
