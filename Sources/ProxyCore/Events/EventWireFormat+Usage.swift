import Foundation

/// The `usage` event's fields:
/// `{"today":{…},"month":{…},"days":[{"key":"2026-12-01",…}],"by_model":[…],"by_client":[…],"budgets":[…],"unrecorded_rows":0}`.
/// Figures are `{"requests","errors","input_tokens","output_tokens","cost_usd","unpriced_requests"}`;
/// a budget is `{"name","scope","period","action","limit_usd","spent_usd","in_flight_usd","period_start","resets_at"}`
/// with Unix-second times.
extension EventWireFormat {
    static func usageFields(_ snapshot: UsageSnapshot) -> [(String, JSONValue)] {
        [
            ("today", figuresJSON(snapshot.today)),
            ("month", figuresJSON(snapshot.month)),
            ("days", .array(snapshot.days.map(lineJSON))),
            ("by_model", .array(snapshot.todayByModel.map(lineJSON))),
            ("by_client", .array(snapshot.todayByClient.map(lineJSON))),
            ("budgets", .array(snapshot.budgets.map(budgetJSON))),
            ("unrecorded_rows", JSONValue(snapshot.unrecordedRows)),
        ]
    }

    static func figuresJSON(_ figures: UsageSnapshot.Figures) -> JSONValue {
        .object(
            JSONObject([
                ("requests", JSONValue(figures.requests)), ("errors", JSONValue(figures.errors)),
                ("input_tokens", JSONValue(figures.inputTokens)), ("output_tokens", JSONValue(figures.outputTokens)),
                ("cost_usd", .number(figures.costUSD)), ("unpriced_requests", JSONValue(figures.unpricedRequests)),
            ]))
    }

    static func lineJSON(_ line: UsageSnapshot.Line) -> JSONValue {
        var object = JSONObject([("key", .string(line.key))])
        for (key, value) in figuresJSON(line.figures).objectValue?.pairs ?? [] { object.appendUnchecked(key, value) }
        return .object(object)
    }

    /// A budget's status as JSON; also what `GET /health` lists.
    public static func budgetJSON(_ status: BudgetStatus) -> JSONValue {
        .object(
            JSONObject([
                ("name", .string(status.name)), ("scope", .string(status.scope)),
                ("period", .string(status.period.rawValue)), ("action", .string(status.action.rawValue)),
                ("limit_usd", .number(status.limitUSD)), ("spent_usd", .number(status.spentUSD)),
                ("in_flight_usd", .number(status.inFlightUSD)),
                ("period_start", .number(status.periodStart.timeIntervalSince1970)),
                ("resets_at", .number(status.resetsAt.timeIntervalSince1970)), ("level", .string(status.level.rawValue)),
            ]))
    }

    static func usageSnapshot(_ object: JSONObject) -> UsageSnapshot? {
        guard let today = object["today"].flatMap(figures), let month = object["month"].flatMap(figures) else { return nil }
        func lines(_ key: String) -> [UsageSnapshot.Line] {
            (object[key]?.arrayValue ?? []).compactMap { value in
                guard let key = value["key"]?.stringValue, let figures = figures(value) else { return nil }
                return UsageSnapshot.Line(key: key, figures: figures)
            }
        }
        return UsageSnapshot(
            today: today, month: month, days: lines("days"), todayByModel: lines("by_model"),
            todayByClient: lines("by_client"), budgets: (object["budgets"]?.arrayValue ?? []).compactMap(budget),
            unrecordedRows: object["unrecorded_rows"]?.intValue ?? 0)
    }

    static func figures(_ value: JSONValue) -> UsageSnapshot.Figures? {
        guard value.objectValue != nil else { return nil }
        return UsageSnapshot.Figures(
            requests: value["requests"]?.intValue ?? 0, errors: value["errors"]?.intValue ?? 0,
            inputTokens: value["input_tokens"]?.intValue ?? 0, outputTokens: value["output_tokens"]?.intValue ?? 0,
            costUSD: value["cost_usd"]?.doubleValue ?? 0, unpricedRequests: value["unpriced_requests"]?.intValue ?? 0)
    }

    static func budget(_ value: JSONValue) -> BudgetStatus? {
        guard let name = value["name"]?.stringValue,
            let period = value["period"]?.stringValue.flatMap(BudgetRule.Period.init(rawValue:)),
            let action = value["action"]?.stringValue.flatMap(BudgetRule.Action.init(rawValue:)),
            let limit = value["limit_usd"]?.doubleValue
        else { return nil }
        return BudgetStatus(
            name: name, scope: value["scope"]?.stringValue ?? "global", period: period, action: action, limitUSD: limit,
            spentUSD: value["spent_usd"]?.doubleValue ?? 0, inFlightUSD: value["in_flight_usd"]?.doubleValue ?? 0,
            periodStart: Date(timeIntervalSince1970: value["period_start"]?.doubleValue ?? 0),
            resetsAt: Date(timeIntervalSince1970: value["resets_at"]?.doubleValue ?? 0))
    }
}
