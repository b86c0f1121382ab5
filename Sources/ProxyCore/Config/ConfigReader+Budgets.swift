import Foundation

/// The `budgets` section: `[{"name", "scope", "period", "usd", "action", "timeZone"}]`.
extension ConfigReader {
    static let budgetKeys: Set<String> = ["name", "scope", "period", "usd", "action", "timeZone"]

    func readBudgets(_ root: JSONObject, into config: inout ConfigFile) throws(ConfigError) {
        if root["budget"] != nil {
            throw fail("budget", "unknown key; spending caps go in 'budgets', a list of {name, scope, period, usd, action}")
        }
        guard let value = root["budgets"] else { return }
        guard let list = value.arrayValue else {
            throw fail("budgets", "expected a list such as [{\"name\": \"daily\", \"period\": \"day\", \"usd\": 5}]")
        }
        var rules: [BudgetRule] = []
        for (index, entry) in list.enumerated() {
            let key = "budgets[\(index)]"
            let object = try object(entry, key, allowed: Self.budgetKeys)
            guard let name = try string(object["name"], "\(key).name"), !name.isEmpty else {
                throw fail("\(key).name", "missing; every budget needs a name (it appears in refusals and the dashboard)")
            }
            guard !rules.contains(where: { $0.name == name }) else {
                throw fail("\(key).name", "another budget is already called \(quoted(name)); names must be unique")
            }
            let scope = try budgetScope(try string(object["scope"], "\(key).scope") ?? "global", "\(key).scope")
            guard let periodText = try string(object["period"], "\(key).period") else {
                throw fail("\(key).period", "missing; expected day or month")
            }
            guard let period = BudgetRule.Period(rawValue: periodText) else {
                throw fail("\(key).period", "expected day or month, got \(quoted(periodText))")
            }
            guard let usdValue = object["usd"], !usdValue.isNull else {
                throw fail("\(key).usd", "missing; the cap in US dollars, e.g. 5")
            }
            guard let usd = usdValue.doubleValue else {
                throw fail("\(key).usd", "expected a number of US dollars, got \(usdValue.typeName)")
            }
            guard usd > 0, usd < 10_000_000 else {
                throw fail("\(key).usd", "must be more than 0 and less than 10000000 US dollars, got \(usd)")
            }
            var action = BudgetRule.Action.refuse
            if let text = try string(object["action"], "\(key).action") {
                guard let parsed = BudgetRule.Action(rawValue: text) else {
                    throw fail("\(key).action", "expected refuse or warn, got \(quoted(text))")
                }
                action = parsed
            }
            var timeZone = TimeZone.current
            if let identifier = try string(object["timeZone"], "\(key).timeZone") {
                guard let zone = TimeZone(identifier: identifier) else {
                    throw fail("\(key).timeZone", "unknown time zone \(quoted(identifier)); use an IANA name such as Europe/Berlin or UTC")
                }
                timeZone = zone
            }
            rules.append(
                BudgetRule(name: name, scope: scope, period: period, limitUSD: usd, action: action, timeZone: timeZone))
        }
        config.budgets = rules
    }

    private func budgetScope(_ text: String, _ key: String) throws(ConfigError) -> BudgetRule.Scope {
        if text == "global" { return .global }
        if text.hasPrefix("client:") {
            let name = String(text.dropFirst("client:".count))
            guard !name.isEmpty else { throw fail(key, "'client:' needs a client name, e.g. client:discord-bot") }
            return .client(name)
        }
        throw fail(key, "expected global or client:<name>, got \(quoted(text))")
    }
}
