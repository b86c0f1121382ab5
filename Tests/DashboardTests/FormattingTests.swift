import Dashboard
import ProxyCore
import Testing

@Suite struct FormattingTests {
    let now = 1_000_000.0

    @Test(arguments: [
        (nil, "never"), (45.2, "46s"), (60.0, "1m00s"), (252.0, "4m12s"), (7_500.0, "2h05m"), (270_000.0, "3d03h"),
        (0.0, "expired 0s ago"), (-12.5, "expired 12s ago"),
    ] as [(Double?, String)])
    func countdown(secondsLeft: Double?, expected: String) {
        #expect(Countdown.format(expiresAt: secondsLeft.map { now + $0 }, now: now) == expected)
    }

    @Test func countdownColourTurnsAsExpiryNears() {
        #expect(Countdown.role(expiresAt: nil, now: now) == .ok)
        #expect(Countdown.role(expiresAt: now + 3600, now: now) == .ok)
        #expect(Countdown.role(expiresAt: now + 300, now: now) == .warn)
        #expect(Countdown.role(expiresAt: now + 60, now: now) == .error)
        #expect(Countdown.role(expiresAt: now - 1, now: now) == .error)
    }

    @Test func durationsTokensAndMoney() {
        #expect(DisplayFormat.milliseconds(850) == "850ms")
        #expect(DisplayFormat.milliseconds(1_250) == "1.2s")
        #expect(DisplayFormat.milliseconds(125_000) == "2m05s")
        #expect(DisplayFormat.tokens(950) == "950")
        #expect(DisplayFormat.tokens(12_345) == "12.3k")
        #expect(DisplayFormat.tokens(1_250_000) == "1.3M")
        #expect(DisplayFormat.money(0) == "$0")
        #expect(DisplayFormat.money(0.004) == "<$0.01")
        #expect(DisplayFormat.money(12.4) == "$12.40")
        #expect(DisplayFormat.clock(3_723, utcOffset: 3600) == "02:02:03")
    }

    @Test func wrappingBreaksAtSpacesAndSplitsLongWords() {
        let lines = TextWrapper.wrap("the quick brown fox jumps\nover abcdefghijklmnop", width: 10).map(\.plainText)
        #expect(lines == ["the quick", "brown fox", "jumps", "over", "abcdefghij", "klmnop"])
        #expect(TextWrapper.truncate("claude-sonnet-4-5", columns: 8, ellipsis: "…") == "claude-…")
    }

    @Test func noColorAndASCIIAreHonoured() {
        let plain = TerminalCapabilities.detect(environment: ["NO_COLOR": "1"], codeset: "UTF-8", terminalHasColours: true)
        #expect(plain == TerminalCapabilities(unicode: true, colour: false))
        let empty = TerminalCapabilities.detect(environment: ["NO_COLOR": ""], codeset: "ANSI_X3.4-1968", terminalHasColours: true)
        #expect(empty == TerminalCapabilities(unicode: false, colour: true))
    }

    @Test func priceEstimateUsesTheModelFamily() {
        let usage = Usage(inputTokens: 1_000_000, outputTokens: 1_000_000)
        #expect(PriceTable.cost(of: usage, model: "claude-sonnet-4-5") == 18)
        #expect(PriceTable.cost(of: usage, model: "claude-haiku-4-5") == 6)
        #expect(PriceTable.cost(of: usage, model: "claude-opus-4-1") == 90)
    }
}
