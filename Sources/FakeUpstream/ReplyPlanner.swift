import ProxyCore

/// Decides the answer to a valid `/v1/messages` request: an error (scenario-driven) or a
/// ``ReplyPlan``.
struct ReplyPlanner: Sendable {
    let options: FakeAnthropicOptions

    static let thinkingDeltas = ["Let me think. ", "The answer is simple."]
    static let signature = "sig_fake_1"
    static let parisInput = "{\"city\":\"Paris\",\"unit\":\"celsius\"}"
    static let tokyoInput = "{\"city\":\"Tokyo\",\"unit\":\"celsius\"}"

    /// - Parameter occurrence: how many times the scenario's exact marker has been seen, this request included.
    func plan(for request: MessageRequest, scenario: Scenario?, occurrence: Int) -> Result<ReplyPlan, FakeAPIError> {
        let input = request.inputTokenEstimate
        var scenario = scenario
        if let once = scenario, once.failsOnce, occurrence > 1 { scenario = nil }

        var plan: ReplyPlan
        switch scenario?.name {
        case "fail-529-once", "fail-529": return .failure(.overloaded())
        case "fail-500-once": return .failure(.api())
        case "fail-429-once": return .failure(.rateLimited())
        case "spend-limit": return .failure(.spendLimit())
        case "auth-401": return .failure(.authentication())
        case "forbidden-403":
            return .failure(.permission("Your API key does not have permission to use the specified resource."))
        case "bad-400": return .failure(.invalidRequest("fake bad request"))
        case "too-large-413": return .failure(.tooLarge())
        case "subscription-only":
            return .failure(.invalidRequest(
                "This credential is only authorized for use with Claude Code and cannot be used for other API requests."
            ))
        case "midstream-error":
            guard request.stream else { return .failure(.overloaded()) }
            plan = ReplyPlan(blocks: [.text(deltas: ["Hello ", "from the fake"])], stopReason: "end_turn", inputTokens: input)
            plan.midstreamError = true
        case "thinking":
            plan = ReplyPlan(
                blocks: [thinkingBlock(request, deltas: Self.thinkingDeltas), .text(deltas: defaultText(request))],
                stopReason: "end_turn", inputTokens: input
            )
        case "tools":
            let names = request.tools.map(\.name)
            let first = names.first ?? "get_weather"
            let second = names.count > 1 ? names[1] : first
            // With thinking on, Claude thinks before it calls tools; clients must send that back.
            let thinking = request.thinking != nil ? [thinkingBlock(request, deltas: Self.thinkingDeltas)] : []
            plan = ReplyPlan(
                blocks: thinking + [
                    .text(deltas: ["Let me check."]),
                    .toolUse(id: "toolu_fake_1", name: first, fragments: TextChunker.thirds(Self.parisInput)),
                    .toolUse(id: "toolu_fake_2", name: second, fragments: TextChunker.thirds(Self.tokyoInput)),
                ],
                stopReason: "tool_use", inputTokens: input
            )
        case "max-tokens":
            plan = ReplyPlan(blocks: [.text(deltas: defaultText(request))], stopReason: "max_tokens", inputTokens: input)
        case "refusal":
            plan = ReplyPlan(blocks: [.text(deltas: ["I can't help ", "with that."])], stopReason: "refusal", inputTokens: input)
        case "cache":
            plan = ReplyPlan(blocks: [.text(deltas: defaultText(request))], stopReason: "end_turn", inputTokens: input)
            plan.usage.cacheCreationInputTokens = 1000
            plan.usage.cacheReadInputTokens = 2000
            plan.usage.thinkingTokens = 0
        case "slow":
            let ticks = (1...200).map { "tick \($0) " }
            plan = ReplyPlan(blocks: [.text(deltas: ticks)], stopReason: "end_turn", inputTokens: input)
            plan.pacing = .deltasOnly(.milliseconds(50))
            return .success(plan)
        case "json":
            plan = ReplyPlan(blocks: [.text(deltas: ["{\"answer\"", ": 42}"])], stopReason: "end_turn", inputTokens: input)
        case "long":
            let count = min(max(Int(scenario?.argument ?? "") ?? 100, 1), 1_000_000)
            plan = ReplyPlan(
                blocks: [.text(deltas: Array(repeating: "word ", count: count))], stopReason: "end_turn", inputTokens: input
            )
        default:
            plan = naturalPlan(request)
        }
        plan.pacing = pacing(request)
        return .success(plan)
    }

    /// The reply when no (effective) scenario applies: tool-result echo, forced tool call,
    /// demo tool call, or the default text; preceded by thinking when the request asks for it.
    private func naturalPlan(_ request: MessageRequest) -> ReplyPlan {
        let question = request.lastUserText
        var blocks: [ReplyPlan.Block] = []
        if request.thinking != nil {
            let deltas = options.demo
                ? TextChunker.variedChunks(DemoContent.thinking(for: question), seed: DemoContent.seed(for: question))
                : Self.thinkingDeltas
            blocks.append(thinkingBlock(request, deltas: deltas))
        }
        var stopReason = "end_turn"
        let forced = request.toolChoice.map { $0.type == "any" || $0.type == "tool" } ?? false
        if let result = request.finalToolResultTexts.first {
            let text = options.demo
                ? DemoContent.afterTool(result: result, question: question)
                : "The tool said: " + result.prefix(40)
            blocks.append(.text(deltas: chunks(text, question)))
        } else if forced, let first = request.tools.first {
            let name = request.toolChoice?.name ?? first.name
            blocks.append(.toolUse(id: "toolu_fake_1", name: name, fragments: TextChunker.thirds("{\"city\":\"Paris\"}")))
            stopReason = "tool_use"
        } else if options.demo, let tool = request.tools.first, request.endsWithUserText,
            request.toolChoice?.type != "none"
        {
            let input = JSONWriter.string(DemoContent.toolInput(schema: tool.inputSchema, question: question))
            blocks.append(.text(deltas: chunks(DemoContent.toolIntro(toolName: tool.name), question)))
            blocks.append(.toolUse(id: "toolu_fake_1", name: tool.name, fragments: TextChunker.thirds(input)))
            stopReason = "tool_use"
        } else {
            blocks.append(.text(deltas: defaultText(request)))
        }
        return ReplyPlan(blocks: blocks, stopReason: stopReason, inputTokens: request.inputTokenEstimate)
    }

    /// Non-demo: `Hello from the fake Claude. You said: <first 40 chars>` in ~3-word deltas.
    private func defaultText(_ request: MessageRequest) -> [String] {
        let question = request.lastUserText
        if options.demo { return chunks(DemoContent.answer(for: question), question) }
        return TextChunker.chunks("Hello from the fake Claude. You said: " + question.prefix(40))
    }

    private func chunks(_ text: String, _ question: String) -> [String] {
        options.demo ? TextChunker.variedChunks(text, seed: DemoContent.seed(for: question)) : TextChunker.chunks(text)
    }

    /// Honours `thinking.display == "omitted"` (signature only).
    private func thinkingBlock(_ request: MessageRequest, deltas: [String]) -> ReplyPlan.Block {
        let omitted = request.thinking?.display == "omitted"
        return .thinking(deltas: omitted ? [] : deltas, signature: Self.signature)
    }

    private func pacing(_ request: MessageRequest) -> ReplyPlan.Pacing {
        if options.eventDelay > .zero { return .fixed(options.eventDelay) }
        if options.demo { return .natural(seed: DemoContent.seed(for: request.lastUserText)) }
        return .none
    }
}
