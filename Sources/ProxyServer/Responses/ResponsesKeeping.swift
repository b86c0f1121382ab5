import ProxyCore

/// What `POST /v1/responses` does beyond the common pipeline: loads the conversation a
/// `previous_response_id` continues, keeps finished `store: true` responses before the client
/// sees them end (so an immediate follow-up finds them), and hands the client its view of them.
struct ResponsesKeeping: Sendable {
    /// The store; nil when `responses.store` is off.
    let archive: ResponseArchive?

    /// `body` with reasoning items sent back by id filled in, and the stored history it continues.
    func prepare(_ body: JSONValue) async throws(ProxyError) -> (body: JSONValue, history: [JSONValue]) {
        guard let archive else { return (body, []) }
        let history = try await archive.history(for: body)
        return (await archive.resolvingReasoning(in: body), history)
    }

    /// Keeps a whole `response` when asked to; returns what the client receives.
    func finish(_ response: JSONValue, request: TranslatedRequest) async -> JSONValue {
        if let archive, let echo = request.responses { await archive.keep(response, request: echo) }
        return ResponsesDialect.clientView(response, for: request)
    }

    /// Keeps the Response object of a stream that completed, before its last event is written.
    func finish(stream translator: some StreamTranslating, request: TranslatedRequest) async {
        guard let archive, let echo = request.responses,
            let response = (translator as? ResponsesStreamTranslator)?.completedResponse
        else { return }
        await archive.keep(response, request: echo)
    }
}
