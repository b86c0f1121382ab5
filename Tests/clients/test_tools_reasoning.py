"""Tool calls and reasoning through the official openai SDK."""

from __future__ import annotations

import json

import openai

from support import EXPECTED_TOOL_CALLS, WEATHER_TOOLS, assert_valid_messages, blocks, extra

TOOLS_PROMPT = "Weather in Paris and forecast for Tokyo? [[scenario:tools]]"


def _check_tool_calls(tool_calls) -> None:
    assert tool_calls is not None and len(tool_calls) == 2, tool_calls
    for call, (call_id, name, arguments) in zip(tool_calls, EXPECTED_TOOL_CALLS):
        assert call.id == call_id
        assert call.type == "function"
        assert call.function.name == name
        assert json.loads(call.function.arguments) == arguments


def test_tool_calls_non_stream(client: openai.OpenAI, fake) -> None:
    completion = client.chat.completions.create(
        model="sonnet", tools=WEATHER_TOOLS, messages=[{"role": "user", "content": TOOLS_PROMPT}])
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "Let me check."  # the scenario's text block before the calls
    _check_tool_calls(choice.message.tool_calls)

    body = fake.last_body("scenario:tools")
    tools = body["tools"]
    assert [t["name"] for t in tools] == ["get_weather", "get_forecast"]
    assert tools[0]["input_schema"]["properties"]["city"] == {"type": "string"}
    assert tools[0]["description"] == "Current weather for a city."


def test_tool_calls_only_content_is_none(client: openai.OpenAI, fake, marker: str) -> None:
    """A reply with tool calls and no text: `content` is null, as OpenAI clients expect."""
    completion = client.chat.completions.create(
        model="sonnet", tools=WEATHER_TOOLS, tool_choice="required",
        messages=[{"role": "user", "content": f"weather? {marker}"}])
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    assert len(choice.message.tool_calls) == 1
    call = choice.message.tool_calls[0]
    assert (call.id, call.type, call.function.name) == ("toolu_fake_1", "function", "get_weather")
    assert json.loads(call.function.arguments) == {"city": "Paris"}

    chunks = list(client.chat.completions.create(
        model="sonnet", stream=True, tools=WEATHER_TOOLS, tool_choice="required",
        messages=[{"role": "user", "content": f"weather? {marker}"}]))
    assert not "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["tool_calls"]


def test_tool_calls_streamed_raw_deltas(client: openai.OpenAI, fake) -> None:
    chunks = list(client.chat.completions.create(
        model="sonnet", stream=True, tools=WEATHER_TOOLS, messages=[{"role": "user", "content": TOOLS_PROMPT}]))
    deltas = [tc for c in chunks if c.choices for tc in (c.choices[0].delta.tool_calls or [])]
    assert deltas, "no tool_call deltas"

    # Each call: one first delta with index/id/type/name/arguments "", then argument fragments; calls in sequence.
    seen_indices: list[int] = []
    arguments: dict[int, str] = {}
    for delta in deltas:
        if delta.id is not None:
            assert delta.index == len(seen_indices), f"index {delta.index} after {seen_indices}"
            assert delta.type == "function"
            assert delta.function is not None and delta.function.name
            assert delta.function.arguments == ""
            seen_indices.append(delta.index)
            arguments[delta.index] = ""
        else:
            assert seen_indices and delta.index == seen_indices[-1], "interleaved or headless tool-call delta"
            assert delta.function is not None and delta.function.name is None
            arguments[delta.index] += delta.function.arguments or ""
    assert seen_indices == [0, 1]
    assert json.loads(arguments[0]) == EXPECTED_TOOL_CALLS[0][2]
    assert json.loads(arguments[1]) == EXPECTED_TOOL_CALLS[1][2]

    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["tool_calls"]
    assert any(c.choices == [] and c.usage is not None for c in chunks)


def test_tool_calls_stream_helper(client: openai.OpenAI, fake) -> None:
    done_events = []
    with client.chat.completions.stream(
            model="sonnet", tools=WEATHER_TOOLS, messages=[{"role": "user", "content": TOOLS_PROMPT}]) as stream:
        for event in stream:
            if event.type == "tool_calls.function.arguments.done":
                done_events.append((event.index, event.name, json.loads(event.arguments)))
        final = stream.get_final_completion()

    assert done_events == [(i, name, args) for i, (_, name, args) in enumerate(EXPECTED_TOOL_CALLS)]
    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "Let me check."
    _check_tool_calls(choice.message.tool_calls)


def test_tool_round_trip(client: openai.OpenAI, fake, marker: str) -> None:
    messages: list[dict] = [
        {"role": "system", "content": "Use the tools."},
        {"role": "user", "content": f"{marker} {TOOLS_PROMPT}"},
    ]
    first = client.chat.completions.create(model="sonnet", tools=WEATHER_TOOLS, messages=messages)
    message = first.choices[0].message
    assert message.tool_calls
    # What agent loops do: append the assistant message as returned, then one tool message per call.
    messages.append(message.model_dump(exclude_none=True))
    for call in message.tool_calls:
        city = json.loads(call.function.arguments)["city"]
        messages.append({"role": "tool", "tool_call_id": call.id, "content": f"{city}: 18 degrees, sunny"})

    fake.reset()
    second = client.chat.completions.create(model="sonnet", tools=WEATHER_TOOLS, messages=messages)
    assert second.choices[0].finish_reason in ("stop", "tool_calls")
    assert second.choices[0].message.content

    body = fake.last_body(marker)
    assert_valid_messages(body)
    upstream = body["messages"]
    assert [m["role"] for m in upstream] == ["user", "assistant", "user"]
    tool_uses = [b for b in blocks(upstream[1]["content"]) if b["type"] == "tool_use"]
    assert [(b["id"], b["name"], b["input"]) for b in tool_uses] == EXPECTED_TOOL_CALLS
    results = [b for b in blocks(upstream[2]["content"]) if b["type"] == "tool_result"]
    assert [r["tool_use_id"] for r in results] == ["toolu_fake_1", "toolu_fake_2"]
    result_texts = [json.dumps(r.get("content")) for r in results]
    assert "Paris: 18 degrees" in result_texts[0] and "Tokyo: 18 degrees" in result_texts[1]


def test_tool_choice_mapping(client: openai.OpenAI, fake, marker: str) -> None:
    prompt = [{"role": "user", "content": f"weather {marker}"}]
    client.chat.completions.create(model="sonnet", tools=WEATHER_TOOLS, tool_choice="required", messages=prompt)
    assert fake.last_body(marker)["tool_choice"]["type"] == "any"

    fake.reset()
    client.chat.completions.create(model="sonnet", tools=WEATHER_TOOLS, messages=prompt,
                                   tool_choice={"type": "function", "function": {"name": "get_forecast"}})
    assert fake.last_body(marker)["tool_choice"] == {"type": "tool", "name": "get_forecast"}

    fake.reset()
    client.chat.completions.create(model="sonnet", tools=WEATHER_TOOLS, tool_choice="auto",
                                   parallel_tool_calls=False, messages=prompt)
    choice = fake.last_body(marker)["tool_choice"]
    assert choice["type"] == "auto" and choice.get("disable_parallel_tool_use") is True


# --------------------------------------------------------------------------- reasoning


def test_reasoning_effort_budget_model(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(model="claude-sonnet-4-5-20250929", reasoning_effort="high",
                                   messages=[{"role": "user", "content": f"think {marker}"}])
    body = fake.last_body(marker)
    thinking = body.get("thinking")
    assert thinking and thinking["type"] == "enabled", body
    assert isinstance(thinking["budget_tokens"], int) and 1024 <= thinking["budget_tokens"] < body["max_tokens"]
    assert "temperature" not in body or body["temperature"] == 1


def test_reasoning_effort_adaptive_model(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(model="claude-opus-4-7", reasoning_effort="high",
                                   messages=[{"role": "user", "content": f"think {marker}"}])
    body = fake.last_body(marker)
    assert body.get("thinking", {}).get("type") == "adaptive", body
    # Opus 4.7 hides thinking unless asked for a summary; the proxy asks so it can be shown.
    assert body["thinking"].get("display") == "summarized", body["thinking"]
    assert body.get("output_config", {}).get("effort") == "high", body


def test_reasoning_object_form(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(model="claude-opus-4-7", extra_body={"reasoning": {"effort": "low"}},
                                   messages=[{"role": "user", "content": f"think {marker}"}])
    body = fake.last_body(marker)
    assert body.get("thinking", {}).get("type") == "adaptive", body
    assert body.get("output_config", {}).get("effort") == "low", body


def test_reasoning_content_non_stream(client: openai.OpenAI, fake) -> None:
    completion = client.chat.completions.create(
        model="claude-sonnet-4-5-20250929", reasoning_effort="medium",
        messages=[{"role": "user", "content": "why is the sky blue? [[scenario:thinking]]"}])
    message = completion.choices[0].message
    reasoning = extra(message, "reasoning_content")
    assert isinstance(reasoning, str) and reasoning.strip(), message.model_dump()
    assert message.content and reasoning not in message.content


def test_reasoning_content_streamed(client: openai.OpenAI, fake) -> None:
    chunks = list(client.chat.completions.create(
        model="claude-sonnet-4-5-20250929", reasoning_effort="medium", stream=True,
        messages=[{"role": "user", "content": "why is the sky blue? [[scenario:thinking]]"}]))
    reasoning = "".join(extra(c.choices[0].delta, "reasoning_content") or "" for c in chunks if c.choices)
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert reasoning.strip(), [c.model_dump() for c in chunks[:5]]
    assert content.strip()
    # Reasoning comes before the answer.
    first_reasoning = next(i for i, c in enumerate(chunks) if c.choices and extra(c.choices[0].delta, "reasoning_content"))
    first_content = next(i for i, c in enumerate(chunks) if c.choices and c.choices[0].delta.content)
    assert first_reasoning < first_content
