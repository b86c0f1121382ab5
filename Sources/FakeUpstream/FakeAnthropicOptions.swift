/// Configuration of a ``FakeAnthropic`` server.
public struct FakeAnthropicOptions: Sendable {
    /// Interface to bind; loopback by default.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks an ephemeral port (reported through `run(onReady:)`).
    public var port: Int = 0
    /// Pause between streamed SSE events. `.zero` is fast mode (benchmarks).
    public var eventDelay: Duration = .zero
    /// Demo mode: varied, realistic answers for a human watching a dashboard, thinking when asked
    /// for, a tool call when tools are offered, and natural pacing (30–60 ms per delta) when
    /// `eventDelay` is zero.
    public var demo: Bool = false
    /// Bedrock routes (`/model/{id}/invoke…`, `/foundation-models`, `/inference-profiles`): the AWS
    /// key pair whose SigV4 signatures are accepted (AWS's documented example keys by default),
    /// and the Bedrock API key accepted as `Bearer`.
    public var bedrockAccessKeyID = "AKIDEXAMPLE"
    public var bedrockSecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    public var bedrockAPIKey = "bedrock-api-key-fake-0001"

    public init() {}
}
