import ProxyCore
import Testing

@Suite struct ModelCatalogTests {
    let live = [
        ModelInfo(id: "claude-opus-4-7", created: RFC3339.unixSeconds("2026-04-16T00:00:00Z")!),
        ModelInfo(id: "claude-sonnet-4-6", created: RFC3339.unixSeconds("2026-02-17T00:00:00Z")!),
        ModelInfo(id: "claude-sonnet-4-5-20250929", created: RFC3339.unixSeconds("2025-09-29T00:00:00Z")!),
        ModelInfo(id: "claude-haiku-4-5-20251001", created: RFC3339.unixSeconds("2025-10-01T00:00:00Z")!),
        ModelInfo(id: "claude-sonnet-5", created: RFC3339.unixSeconds("2026-06-30T00:00:00Z")!),
    ]

    @Test(arguments: [
        ("opus", "claude-opus-4-7"), ("sonnet", "claude-sonnet-5"), ("claude-sonnet-4", "claude-sonnet-4-6"),
        ("haiku", "claude-haiku-4-5-20251001"), ("gpt-4o", "claude-sonnet-5"), ("gpt-3.5-turbo", "claude-haiku-4-5-20251001"),
        ("claude-opus-4-1-20250805", "claude-opus-4-1-20250805"), ("claude-sonnet-4-6", "claude-sonnet-4-6"),
    ])
    func aliasesResolveToTheNewestMatchingLiveModel(requested: String, expected: String) throws {
        let catalog = ModelCatalog(liveModels: live)
        #expect(try catalog.resolve(requested).get().upstreamID == expected)
    }

    @Test func familyAliasesFallBackWhileTheLiveListIsUnknown() throws {
        #expect(try ModelCatalog().resolve("sonnet").get().upstreamID == "claude-sonnet-4-6")
    }

    @Test func configuredAliasesWin() throws {
        var aliases = ModelCatalog.defaultAliases
        aliases["fast"] = "claude-haiku-4-5-20251001"
        aliases["gpt-4o"] = "family:opus"
        let catalog = ModelCatalog(aliases: aliases, liveModels: live)
        #expect(try catalog.resolve("fast").get().upstreamID == "claude-haiku-4-5-20251001")
        #expect(try catalog.resolve("gpt-4o").get().upstreamID == "claude-opus-4-7")
    }

    @Test func unknownNameIsA404ListingWhatIsAvailable() {
        guard case .failure(let error) = ModelCatalog(liveModels: live).resolve("llama-3") else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.status == 404)
        #expect(error.code == "model_not_found")
        #expect(error.message.contains("claude-opus-4-7"))
        #expect(error.message.contains("sonnet"))
    }

    @Test func capabilitiesAreReadFromTheModelsList() {
        let info = ModelInfo(
            anthropicJSON: json(
                #"{"id":"claude-opus-4-7","display_name":"Claude Opus 4.7","created_at":"2026-04-16T00:00:00Z","max_input_tokens":1000000,"max_tokens":128000,"capabilities":{"thinking":{"supported":true,"types":{"enabled":{"supported":false},"adaptive":{"supported":true}}},"effort":{"supported":true,"low":{"supported":true},"high":{"supported":true},"max":{"supported":true}},"structured_outputs":{"supported":true}}}"#
            ))
        #expect(info?.maxOutputTokens == 128000)
        #expect(info?.capabilities.adaptiveThinking == true)
        #expect(info?.capabilities.budgetThinking == false)
        #expect(info?.capabilities.samplingParameters == false)
        #expect(info?.capabilities.assistantPrefill == false)
        #expect(info?.capabilities.effortLevels == ["low", "high", "max"])
    }

    @Test func explicitCapabilityFlagsOverrideDerivedRules() {
        let capabilities = ModelCapabilities(
            json: json(#"{"thinking":{"types":{"adaptive":{"supported":true}}},"sampling_parameters":{"supported":true},"assistant_prefill":{"supported":true}}"#))
        #expect(capabilities.samplingParameters)
        #expect(capabilities.assistantPrefill)
    }

    @Test func rfc3339RoundTrips() {
        #expect(RFC3339.unixSeconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.unixSeconds("2026-04-16T12:30:05Z") == 1_776_342_605)
        #expect(RFC3339.unixSeconds("2026-04-16T14:30:05+02:00") == 1_776_342_605)
        #expect(RFC3339.format(unixSeconds: 1_776_342_605) == "2026-04-16T12:30:05Z")
    }
}
