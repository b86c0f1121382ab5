"""The OpenAI Agents SDK as its users drive it: its default model speaks the Responses API, and an agent
with a function tool runs its loop (model → tool call → tool result → answer) through the proxy."""

from __future__ import annotations

import asyncio

import openai

from support import assert_valid_messages, blocks


def _run_weather_agent(proxy, marker: str, reasoning: bool) -> list[str]:
    from agents import Agent, ModelSettings, OpenAIResponsesModel, Runner, function_tool, set_tracing_disabled
    from openai.types.shared import Reasoning

    set_tracing_disabled(True)
    calls: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """Current weather for a city."""
        calls.append(city)
        return f"{city}: 18 degrees, sunny"

    @function_tool
    def get_forecast(city: str) -> str:
        """Forecast for a city."""
        calls.append(city)
        return f"{city}: rain tomorrow"

    client = openai.AsyncOpenAI(base_url=proxy.base_url, api_key=proxy.client_key, max_retries=0)
    agent = Agent(
        name="weather", instructions="Answer with the tools.", tools=[get_weather, get_forecast],
        model=OpenAIResponsesModel(model="claude-sonnet-4-5-20250929", openai_client=client),
        model_settings=ModelSettings(reasoning=Reasoning(effort="medium", summary="auto")) if reasoning else ModelSettings(),
    )
    result = asyncio.run(Runner.run(agent, f"{marker} Weather in Paris and forecast for Tokyo? [[scenario:tools]]"))
    assert result.final_output
    return calls


def test_an_agent_with_a_tool_runs_its_loop_on_the_responses_api(proxy, fake, marker: str) -> None:
    assert _run_weather_agent(proxy, marker, reasoning=False) == ["Paris", "Tokyo"]
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert [b["type"] for b in blocks(body["messages"][-1]["content"])] == ["tool_result", "tool_result"]


def test_an_agent_with_reasoning_keeps_its_thinking_through_the_tool_loop(proxy, fake, marker: str) -> None:
    assert _run_weather_agent(proxy, marker, reasoning=True) == ["Paris", "Tokyo"]
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert body["thinking"]["type"] == "enabled"
    assert blocks(body["messages"][1]["content"])[0]["type"] == "thinking"
