"""Histories that agent libraries send and OpenAI accepts, which Claude would reject as they are:
tool history with no tools declared (AutoGen's reflection step, a LangChain model with no tools bound
summarising an agent's run), and reasoning in a tool loop from clients that do not send the signed
thinking back (LangChain, the OpenAI Agents SDK)."""

from __future__ import annotations

import openai

from support import WEATHER_TOOLS, assert_valid_messages, blocks

TOOLS_PROMPT = "Weather in Paris and forecast for Tokyo? [[scenario:tools]]"
REASONING_MODEL = "claude-sonnet-4-5-20250929"


def _tool_results(message) -> list[dict]:
    return [{"role": "tool", "tool_call_id": call.id, "content": f"{call.function.name}: 18 degrees"}
            for call in message.tool_calls]


def test_tool_history_without_tools_is_answered(client: openai.OpenAI, fake, marker: str) -> None:
    messages: list[dict] = [{"role": "user", "content": f"{marker} {TOOLS_PROMPT}"}]
    first = client.chat.completions.create(model="sonnet", tools=WEATHER_TOOLS, messages=messages)
    message = first.choices[0].message
    messages.append({"role": "assistant", "content": message.content,
                     "tool_calls": [call.model_dump() for call in message.tool_calls]})
    messages += _tool_results(message)
    messages.append({"role": "user", "content": "Reflect on the above and summarise it."})

    summary = client.chat.completions.create(model="sonnet", messages=messages)  # no tools: the reflection step
    assert summary.choices[0].message.content
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert [tool["name"] for tool in body["tools"]] == ["get_weather", "get_forecast"]
    assert body["tool_choice"] == {"type": "none"}


def test_reasoning_tool_loop_without_thinking_blocks_is_answered(client: openai.OpenAI, fake, marker: str) -> None:
    messages: list[dict] = [{"role": "user", "content": f"{marker} {TOOLS_PROMPT}"}]
    first = client.chat.completions.create(model=REASONING_MODEL, reasoning_effort="medium", tools=WEATHER_TOOLS,
                                           messages=messages)
    message = first.choices[0].message
    assert message.tool_calls
    # What LangChain and the Agents SDK keep of the assistant turn: content and tool calls only.
    messages.append({"role": "assistant", "content": message.content,
                     "tool_calls": [call.model_dump() for call in message.tool_calls]})
    messages += _tool_results(message)
    second = client.chat.completions.create(model=REASONING_MODEL, reasoning_effort="medium", tools=WEATHER_TOOLS,
                                            messages=messages)
    assert second.choices[0].message.content
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert "thinking" not in body


def test_reasoning_tool_loop_with_thinking_blocks_keeps_thinking(client: openai.OpenAI, fake, marker: str) -> None:
    messages: list[dict] = [{"role": "user", "content": f"{marker} {TOOLS_PROMPT}"}]
    first = client.chat.completions.create(model=REASONING_MODEL, reasoning_effort="medium", tools=WEATHER_TOOLS,
                                           messages=messages)
    message = first.choices[0].message
    messages.append(message.model_dump(exclude_none=True))  # keeps thinking_blocks, as careful clients do
    messages += _tool_results(message)
    client.chat.completions.create(model=REASONING_MODEL, reasoning_effort="medium", tools=WEATHER_TOOLS,
                                   messages=messages)
    body = fake.last_body(marker)
    assert body["thinking"]["type"] == "enabled"
    assert blocks(body["messages"][1]["content"])[0]["type"] == "thinking"


def test_langchain_agent_loop_with_reasoning_and_a_summary_without_tools(proxy, fake, marker: str) -> None:
    import langchain_openai
    from langchain_core.messages import HumanMessage, ToolMessage
    from langchain_core.tools import tool

    @tool
    def get_weather(city: str) -> str:
        """Current weather for a city."""
        return f"{city}: 18 degrees, sunny"

    @tool
    def get_forecast(city: str) -> str:
        """Forecast for a city."""
        return f"{city}: rain tomorrow"

    model = langchain_openai.ChatOpenAI(model=REASONING_MODEL, base_url=proxy.base_url, api_key=proxy.client_key,
                                        reasoning_effort="medium", max_retries=0, timeout=30)
    tools = {"get_weather": get_weather, "get_forecast": get_forecast}
    history = [HumanMessage(f"{marker} {TOOLS_PROMPT}")]
    reply = model.bind_tools(list(tools.values())).invoke(history)
    assert reply.tool_calls, reply
    history.append(reply)
    for call in reply.tool_calls:
        history.append(ToolMessage(tools[call["name"]].invoke(call["args"]), tool_call_id=call["id"]))
    answer = model.bind_tools(list(tools.values())).invoke(history)
    assert answer.content
    # The same history summarised by a model with no tools bound.
    history.append(answer)
    history.append(HumanMessage("Summarise what you found."))
    summary = model.invoke(history)
    assert summary.content
    assert_valid_messages(fake.last_body(marker))
