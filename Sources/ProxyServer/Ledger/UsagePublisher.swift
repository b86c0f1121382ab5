import Foundation
import Logging
import ProxyCore
import ProxyStore
import ServiceLifecycle

/// Reads the ledger every few seconds into a `UsageSnapshot` (today, this month, the last 14
/// days, today by model and by client, the budgets) and publishes it as a `usage` event while
/// anyone listens, so an embedded and an attached dashboard show the same figures. Also seeds
/// the budgets' spend from the ledger at start and after a reload changed them.
///
/// A service: runs until a graceful shutdown (or cancellation).
public final class UsagePublisher: Service {
    let service: ProxyService
    let queries: LedgerQueries
    let interval: Duration
    let timeZone: TimeZone

    public init(service: ProxyService, queries: LedgerQueries, interval: Duration = .seconds(5), timeZone: TimeZone = .current) {
        self.service = service
        self.queries = queries
        self.interval = interval
        self.timeZone = timeZone
    }

    public func run() async {
        await cancelWhenGracefulShutdown { await self.publishPeriodically() }
    }

    private func publishPeriodically() async {
        var seededRules: [BudgetRule]?
        while !Task.isCancelled {
            let rules = service.budgets.rules
            if seededRules != rules {
                await seedBudgets()
                seededRules = rules
            }
            if service.hub.hasSubscribers {
                do {
                    service.hub.publish(.usage(try await snapshot(now: Date())))
                } catch {
                    service.logger.debug("usage figures not read from the ledger: \(error)")
                }
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Sets each budget's spend in its current period from the ledger.
    public func seedBudgets(now: Date = Date()) async {
        for rule in service.budgets.rules {
            do {
                service.budgets.seed(name: rule.name, spentUSD: try await queries.spent(rule, now: now))
            } catch {
                service.warn("budget '\(rule.name)': could not read its spend from the ledger (\(error)); it counts from zero")
            }
        }
    }

    public func snapshot(now: Date) async throws -> UsageSnapshot {
        let today = LedgerPeriod.today(now: now, timeZone: timeZone)
        let month = LedgerPeriod.month(now: now, timeZone: timeZone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let firstDay = today.from.flatMap { calendar.date(byAdding: .day, value: -(UsageSnapshot.dayCount - 1), to: $0) }
        let dayGroups = try await queries.groups(LedgerPeriod(from: firstDay, until: today.until), by: .day, timeZone: timeZone)
        var byDay: [String: LedgerTotals] = [:]
        for group in dayGroups { byDay[group.key] = group.totals }
        var days: [UsageSnapshot.Line] = []
        if let firstDay {
            for offset in 0..<UsageSnapshot.dayCount {
                guard let day = calendar.date(byAdding: .day, value: offset, to: firstDay) else { continue }
                let key = LedgerPeriod.dayString(day, timeZone: timeZone)
                days.append(.init(key: key, figures: Self.figures(byDay[key] ?? LedgerTotals())))
            }
        }
        return UsageSnapshot(
            today: Self.figures(try await queries.totals(today)), month: Self.figures(try await queries.totals(month)),
            days: days, todayByModel: Self.lines(try await queries.groups(today, by: .model, timeZone: timeZone)),
            todayByClient: Self.lines(try await queries.groups(today, by: .client, timeZone: timeZone)),
            budgets: service.budgets.statuses, unrecordedRows: service.ledger?.status.failed ?? 0)
    }

    static func figures(_ totals: LedgerTotals) -> UsageSnapshot.Figures {
        UsageSnapshot.Figures(
            requests: totals.requests, errors: totals.errors, inputTokens: totals.inputTokens + totals.cacheReadTokens + totals.cacheWriteTokens,
            outputTokens: totals.outputTokens, costUSD: totals.costUSD, unpricedRequests: totals.unpricedRequests)
    }

    /// The first lines as they are, the rest summed as `other`.
    static func lines(_ groups: [LedgerGroup]) -> [UsageSnapshot.Line] {
        var lines = groups.prefix(UsageSnapshot.lineLimit - 1).map { UsageSnapshot.Line(key: $0.key, figures: figures($0.totals)) }
        let rest = groups.dropFirst(UsageSnapshot.lineLimit - 1)
        if rest.count == 1, let only = rest.first {
            lines.append(.init(key: only.key, figures: figures(only.totals)))
        } else if !rest.isEmpty {
            var sum = LedgerTotals()
            for group in rest { sum.add(group.totals) }
            lines.append(.init(key: "other (\(rest.count))", figures: figures(sum)))
        }
        return lines
    }
}
