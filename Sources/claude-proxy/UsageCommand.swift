import ArgumentParser
import Foundation
import ProxyCore
import ProxyStore

/// `claude-proxy usage`: what the ledger recorded over a period, by model, client, day or
/// upstream, as a table, JSON or CSV. Reads the database read-only, so it works while the
/// service runs.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show recorded usage: requests, errors, tokens by kind and cost.",
        discussion: """
            Reads the usage ledger (ledger.path in the config, else $XDG_STATE_HOME/claude-proxy/claude-proxy.sqlite). \
            Periods are calendar days in the local time zone (TZ); the default is this month. Costs use the built-in \
            price table (Anthropic list prices as of \(ModelPrices.builtInDate)) or the config's `prices`; requests on \
            a model without a known price are shown as unknown, never guessed.
            """)

    @Flag(help: "Today only.") var today = false
    @Flag(help: "This calendar month (the default).") var month = false
    @Option(help: "From the start of this day (YYYY-MM-DD).") var since: String?
    @Option(help: "Up to and including this day (YYYY-MM-DD); needs --since.") var until: String?
    @Option(help: "Group by model, client, day or upstream (default model).") var by: LedgerGrouping = .model
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV.") var csv = false
    /// `--config` (for `ledger.path` and `budgets`) and `--demo` (the ledger DEMO mode records into), shared
    /// with the root command, which would otherwise take them first.
    @OptionGroup var options: ServerOptions
    @Option(help: "The ledger file to read (overrides the config's ledger.path).") var ledger: String?

    func validate() throws {
        if [today, month, since != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --today, --month and --since.")
        }
        if until != nil && since == nil { throw ValidationError("--until needs --since.") }
        if json && csv { throw ValidationError("choose one of --json and --csv.") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, LedgerPeriod.startOfDay(value, timeZone: .current) == nil {
                throw ValidationError("\(name) '\(value)' is not a date: use YYYY-MM-DD.")
            }
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configured = try configuredLedger(environment)
        var path = StateDatabasePath.resolve(configured: ledger ?? configured.path, environment: environment)
        if options.demo { path = StateDatabasePath.demoVariant(of: path) }
        let timeZone = TimeZone.current
        let (period, label) = selectedPeriod(now: Date(), timeZone: timeZone)
        var groups: [LedgerGroup] = []
        let now = Date()
        var emptyBook = BudgetBook(rules: configured.budgets, now: now)
        var budgets = emptyBook.statuses(now: now)
        do {
            let queries = LedgerQueries(database: try StateDatabase(readingExisting: path))
            if try await queries.hasLedger() {
                groups = try await queries.groups(period, by: by, timeZone: timeZone)
                budgets = try await queries.budgetStatuses(configured.budgets, now: now)
            }
        } catch StateDatabaseError.missing {
            groups = []
        } catch {
            FileHandle.standardError.write(Data("claude-proxy: cannot read the usage ledger \(path): \(error)\n".utf8))
            throw ProxyExit.failure
        }
        let report = LedgerReport(
            groups: groups, grouping: by, periodLabel: label, period: period, timeZone: timeZone, budgets: budgets)
        if json {
            print(report.json(), terminator: "")
        } else if csv {
            print(report.csv(), terminator: "")
        } else if groups.isEmpty {
            print("no usage recorded (\(label), \(path))")
            print(report.budgetTable(), terminator: "")
        } else {
            print(report.table(), terminator: "")
        }
    }

    /// `ledger.path` and the budgets from the config file, read without resolving anything else
    /// (this command needs none of the service's secrets).
    func configuredLedger(_ environment: [String: String]) throws -> (path: String?, budgets: [BudgetRule]) {
        let (file, explicit) = ConfigLoader(options: options, environment: environment).configPath
        guard let data = FileManager.default.contents(atPath: file) else {
            guard !explicit else {
                FileHandle.standardError.write(Data("claude-proxy: configuration error: \(file): no such file\n".utf8))
                throw ProxyExit.configError
            }
            return (nil, [])
        }
        do {
            let parsed = try ConfigFile.parse(Array(data), file: file)
            return (parsed.ledger?.path, parsed.budgets)
        } catch {
            FileHandle.standardError.write(Data("claude-proxy: configuration error: \(error)\n".utf8))
            throw ProxyExit.configError
        }
    }

    func selectedPeriod(now: Date, timeZone: TimeZone) -> (LedgerPeriod, String) {
        if today {
            let period = LedgerPeriod.today(now: now, timeZone: timeZone)
            return (period, "today, " + LedgerPeriod.dayString(now, timeZone: timeZone))
        }
        if let since, let from = LedgerPeriod.startOfDay(since, timeZone: timeZone) {
            guard let until, let last = LedgerPeriod.startOfDay(until, timeZone: timeZone) else {
                return (LedgerPeriod(from: from), "since \(since)")
            }
            let end = LedgerPeriod.today(now: last, timeZone: timeZone).until
            return (LedgerPeriod(from: from, until: end), "\(since) to \(until)")
        }
        let period = LedgerPeriod.month(now: now, timeZone: timeZone)
        return (period, "this month, " + String(LedgerPeriod.dayString(now, timeZone: timeZone).prefix(7)))
    }
}

extension LedgerGrouping: ExpressibleByArgument {}
