import Foundation
import ProxyCore
import Testing

@Suite struct BudgetConfigTests {
    func parse(_ budgets: String) throws(ConfigError) -> [BudgetRule] {
        try ConfigFile.parse(Array(#"{"budgets": \#(budgets)}"#.utf8), file: "/etc/cp.json").budgets
    }

    @Test func aFullBudgetListParsesWithDefaults() throws {
        let rules = try parse(
            #"""
            [{"name": "daily", "period": "day", "usd": 5},
             {"name": "bot", "scope": "client:discord-bot", "period": "month", "usd": 20.5, "action": "warn",
              "timeZone": "Europe/Berlin"}]
            """#)
        #expect(rules.count == 2)
        #expect(rules[0] == BudgetRule(name: "daily", scope: .global, period: .day, limitUSD: 5, action: .refuse, timeZone: .current))
        #expect(rules[1].scope == .client("discord-bot"))
        #expect(rules[1].period == .month)
        #expect(rules[1].limitUSD == 20.5)
        #expect(rules[1].action == .warn)
        #expect(rules[1].timeZone.identifier == "Europe/Berlin")
    }

    @Test func budgetsReachTheResolvedSettings() throws {
        let file = try ConfigFile.parse(
            Array(#"{"budgets": [{"name": "d", "period": "day", "usd": 1}]}"#.utf8), file: "/etc/cp.json")
        let settings = try ProxySettings.resolve(
            file: file, configPath: "/etc/cp.json", environment: ["ANTHROPIC_API_KEY": "k"], flags: .init(),
            resolver: SecretResolver(environment: [:], readFile: { _ in "" }))
        #expect(settings.budgets.map(\.name) == ["d"])
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let json: String
        let key: String
        let says: String
        var testDescription: String { key }
    }

    @Test(arguments: [
        Bad(json: #"{"name": "d", "period": "day", "usd": 5}"#, key: "budgets", says: "expected a list"),
        Bad(json: #"[{"period": "day", "usd": 5}]"#, key: "budgets[0].name", says: "needs a name"),
        Bad(json: #"[{"name": "d", "usd": 5}]"#, key: "budgets[0].period", says: "day or month"),
        Bad(json: #"[{"name": "d", "period": "week", "usd": 5}]"#, key: "budgets[0].period", says: "'week'"),
        Bad(json: #"[{"name": "d", "period": "day"}]"#, key: "budgets[0].usd", says: "missing"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": "5"}]"#, key: "budgets[0].usd", says: "expected a number"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": 0}]"#, key: "budgets[0].usd", says: "more than 0"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": 5, "action": "block"}]"#, key: "budgets[0].action", says: "refuse or warn"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": 5, "scope": "bot"}]"#, key: "budgets[0].scope", says: "client:<name>"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": 5, "scope": "client:"}]"#, key: "budgets[0].scope", says: "needs a client name"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": 5, "timeZone": "Mars/Olympus"}]"#, key: "budgets[0].timeZone", says: "IANA"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": 5, "monthly": 3}]"#, key: "budgets[0].monthly", says: "unknown key"),
        Bad(json: #"[{"name": "d", "period": "day", "usd": 5}, {"name": "d", "period": "month", "usd": 9}]"#,
            key: "budgets[1].name", says: "already called"),
    ])
    func invalidBudgetsAreErrorsNamingTheKey(_ bad: Bad) {
        let error = #expect(throws: ConfigError.self) { try parse(bad.json) }
        #expect(error?.key == bad.key)
        #expect(error?.file == "/etc/cp.json")
        #expect(error?.reason.contains(bad.says) == true, "\(error?.reason ?? "")")
    }

    @Test func theSingularBudgetKeyPointsToBudgets() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigFile.parse(Array(#"{"budget": {"monthlyUSD": 20}}"#.utf8), file: "/etc/cp.json")
        }
        #expect(error?.key == "budget")
        #expect(error?.reason.contains("'budgets'") == true)
    }
}
