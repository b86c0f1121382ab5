"""`POST /v1/responses` through the official openai SDK's `client.responses.*`: text, streaming with the
`responses.stream()` helper, a function-calling round trip with reasoning on (the signed thinking rides in
`encrypted_content`, kept by the store unless `include` asks for it), structured output, and the errors a client can act on."""

from __future__ import annotations

import json

import openai
import pytest
from pydantic import BaseModel

from support import assert_valid_messages, blocks
from support import RESPONSES_REASONING_MODEL as REASONING_MODEL
from support import RESPONSES_TOOLS_PROMPT as TOOLS_PROMPT
from support import RESPONSES_TOOLS


def test_create_returns_a_response_with_output_text_and_usage(client: openai.OpenAI, fake, marker: str) -> None:
    response = client.responses.create(model="sonnet", instructions="Be brief.", input=f"Hello {marker}")
    assert response.id.startswith("resp_")
    assert response.status == "completed"
    assert response.output_text.strip()
    assert response.usage.input_tokens > 0 and response.usage.output_tokens > 0
    body = fake.last_body(marker)
    assert body["system"][0]["text"] == "Be brief."
    assert_valid_messages(body)


def test_stream_helper_delivers_text_and_the_final_response(client: openai.OpenAI, fake, marker: str) -> None:
    deltas: list[str] = []
    with client.responses.stream(model="sonnet", input=f"Tell me a story {marker}") as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                deltas.append(event.delta)
        final = stream.get_final_response()
    assert deltas
    assert final.status == "completed"
    assert final.output_text == "".join(deltas)
    assert fake.last_body(marker)["stream"] is True


def test_raw_stream_numbers_every_event_in_order(client: openai.OpenAI, marker: str) -> None:
    events = list(client.responses.create(model="sonnet", input=f"Hi {marker}", stream=True))
    assert events[0].type == "response.created"
    assert events[-1].type == "response.completed"
    assert [event.sequence_number for event in events] == list(range(len(events)))


def test_function_calling_round_trip_with_reasoning(client: openai.OpenAI, fake, marker: str) -> None:
    history: list = [{"role": "user", "content": f"{marker} {TOOLS_PROMPT}"}]
    first = client.responses.create(model=REASONING_MODEL, input=history, tools=RESPONSES_TOOLS,
                                    reasoning={"effort": "medium", "summary": "auto"})
    kinds = [item.type for item in first.output]
    assert kinds[0] == "reasoning" and "function_call" in kinds, kinds
    # Without `include` the signed thinking stays in the store; the items sent back by id find it there.
    assert first.output[0].encrypted_content is None
    calls = [item for item in first.output if item.type == "function_call"]
    assert [call.name for call in calls] == ["get_weather", "get_forecast"]
    # What agent loops do with the Responses API: send the output items back, then the results.
    history += [item.model_dump(exclude_none=True) for item in first.output]
    history += [{"type": "function_call_output", "call_id": call.call_id, "output": "18 degrees"} for call in calls]
    second = client.responses.create(model=REASONING_MODEL, input=history, tools=RESPONSES_TOOLS,
                                     reasoning={"effort": "medium"})
    assert second.output_text.strip()
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert body["thinking"]["type"] == "enabled"
    assistant = blocks(body["messages"][1]["content"])
    assert assistant[0]["type"] == "thinking" and assistant[0]["signature"]
    assert [b["id"] for b in assistant if b["type"] == "tool_use"] == [call.call_id for call in calls]
    results = blocks(body["messages"][2]["content"])
    assert [r["tool_use_id"] for r in results] == [call.call_id for call in calls]


class Answer(BaseModel):
    answer: int


def test_structured_output_parses_into_the_model(client: openai.OpenAI, fake, marker: str) -> None:
    parsed = client.responses.parse(model="sonnet", input=f"What is six times seven? {marker} [[scenario:json]]",
                                    text_format=Answer)
    assert parsed.output_parsed == Answer(answer=42)
    body = fake.last_body(marker)
    assert "output_config" in body or "tool_choice" in body


def test_built_in_tools_are_a_400_naming_the_tool(client: openai.OpenAI, fake, marker: str) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.responses.create(model="sonnet", input=f"search {marker}", tools=[{"type": "web_search"}])
    assert info.value.body["param"] == "tools[0].type"
    assert fake.messages_posts(marker) == []


def test_unknown_model_is_a_404(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        client.responses.create(model="gpt-nonexistent-9000", input="hi")
