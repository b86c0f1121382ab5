"""The Responses store through the official openai SDK: `previous_response_id` continues a stored
conversation (the fake upstream sees the earlier turns, signed thinking included), `responses.retrieve`
and `responses.delete`, `store=False` and a proxy configured with `responses.store: false`."""

from __future__ import annotations

import json

import openai
import pytest

from support import assert_valid_messages, blocks, text_of
from support import RESPONSES_REASONING_MODEL as REASONING_MODEL
from support import RESPONSES_TOOLS_PROMPT as TOOLS_PROMPT
from support import RESPONSES_TOOLS as TOOLS


def test_previous_response_id_continues_the_conversation_upstream(client: openai.OpenAI, fake, marker: str) -> None:
    first = client.responses.create(model="sonnet", input=f"My name is Ada. {marker}")
    assert first.store is True
    second = client.responses.create(model="sonnet", input="What is my name?", previous_response_id=first.id)
    assert second.previous_response_id == first.id
    assert second.output_text.strip()
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
    assert marker in text_of(body["messages"][0]["content"])
    assert text_of(body["messages"][1]["content"]) == first.output_text
    assert text_of(body["messages"][2]["content"]) == "What is my name?"


def test_a_streamed_response_can_be_continued_as_soon_as_it_completes(client: openai.OpenAI, fake,
                                                                       marker: str) -> None:
    with client.responses.stream(model="sonnet", input=f"Tell me a story {marker}") as stream:
        final = stream.get_final_response()
    nxt = client.responses.create(model="sonnet", input="Shorter, please.", previous_response_id=final.id)
    assert nxt.status == "completed"
    body = fake.last_body(marker)
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
    assert text_of(body["messages"][1]["content"]) == final.output_text


def test_retrieve_returns_the_stored_response(client: openai.OpenAI, marker: str) -> None:
    created = client.responses.create(model="sonnet", input=f"Hello {marker}", metadata={"run": marker})
    fetched = client.responses.retrieve(created.id)
    assert fetched.id == created.id
    assert fetched.output_text == created.output_text
    assert fetched.metadata == {"run": marker}
    assert fetched.usage.output_tokens == created.usage.output_tokens


def test_delete_removes_the_response(client: openai.OpenAI, marker: str) -> None:
    created = client.responses.create(model="sonnet", input=f"Hello {marker}")
    client.responses.delete(created.id)
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(created.id)
    with pytest.raises(openai.NotFoundError) as info:
        client.responses.create(model="sonnet", input="again", previous_response_id=created.id)
    assert info.value.body["param"] == "previous_response_id"


def test_store_false_keeps_nothing_so_previous_response_id_fails(client: openai.OpenAI, fake, marker: str) -> None:
    first = client.responses.create(model="sonnet", input=f"Hi {marker}", store=False)
    assert first.store is False
    with pytest.raises(openai.NotFoundError) as info:
        client.responses.create(model="sonnet", input=f"and then? {marker}", previous_response_id=first.id)
    assert info.value.body["param"] == "previous_response_id"
    assert len(fake.messages_posts(marker)) == 1


def test_function_calling_round_trip_through_previous_response_id(client: openai.OpenAI, fake, marker: str) -> None:
    first = client.responses.create(model="sonnet", input=f"{marker} {TOOLS_PROMPT}", tools=TOOLS)
    calls = [item for item in first.output if item.type == "function_call"]
    assert [call.name for call in calls] == ["get_weather", "get_forecast"]
    # Only the tool results go in: the call items come from the store.
    second = client.responses.create(
        model="sonnet", tools=TOOLS, previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "18 degrees"} for call in calls])
    assert second.output_text.strip()
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert [b["id"] for b in blocks(body["messages"][1]["content"]) if b["type"] == "tool_use"] == \
        [call.call_id for call in calls]
    assert [r["tool_use_id"] for r in blocks(body["messages"][2]["content"])] == [call.call_id for call in calls]


def test_reasoning_replays_through_previous_response_id(client: openai.OpenAI, fake, marker: str) -> None:
    first = client.responses.create(model=REASONING_MODEL, input=f"{marker} {TOOLS_PROMPT}", tools=TOOLS,
                                    reasoning={"effort": "medium", "summary": "auto"})
    assert first.output[0].type == "reasoning"
    # Not asked for with `include`, so not handed out; the store keeps it.
    assert first.output[0].encrypted_content is None
    calls = [item for item in first.output if item.type == "function_call"]
    second = client.responses.create(
        model=REASONING_MODEL, tools=TOOLS, reasoning={"effort": "medium"}, previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "18 degrees"} for call in calls])
    assert second.output_text.strip()
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert body["thinking"]["type"] == "enabled"
    assistant = blocks(body["messages"][1]["content"])
    assert assistant[0]["type"] == "thinking" and assistant[0]["signature"]


def test_include_hands_out_the_signed_thinking(client: openai.OpenAI, marker: str) -> None:
    response = client.responses.create(model=REASONING_MODEL, input=f"{marker} {TOOLS_PROMPT}", tools=TOOLS,
                                       reasoning={"effort": "medium"}, include=["reasoning.encrypted_content"])
    assert response.output[0].type == "reasoning" and response.output[0].encrypted_content
    fetched = client.responses.retrieve(response.id, include=["reasoning.encrypted_content"])
    assert fetched.output[0].encrypted_content == response.output[0].encrypted_content
    assert client.responses.retrieve(response.id).output[0].encrypted_content is None


def test_with_the_store_off_in_config_previous_response_id_is_a_400(start_proxy, marker: str) -> None:
    client = start_proxy("proxy-no-store", config={"responses": {"store": False}}).client()
    first = client.responses.create(model="sonnet", input=f"Hi {marker}")
    assert first.store is False
    with pytest.raises(openai.BadRequestError) as info:
        client.responses.create(model="sonnet", input="and then?", previous_response_id=first.id)
    assert info.value.body["param"] == "previous_response_id"
    assert "responses.store" in info.value.message
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(first.id)


def test_invalid_responses_settings_are_config_errors_naming_file_and_key(proxy_bin, run_dir) -> None:
    from test_config_validation import _run

    for config, key in [({"responses": {"maxAgeDays": 0}}, "responses.maxAgeDays"),
                        ({"responses": {"store": "yes"}}, "responses.store"),
                        ({"responses": {"maxSize": 5}}, "responses.maxSize")]:
        path = run_dir / "responses.config.json"
        path.write_text(json.dumps(config))
        path.chmod(0o600)
        result = _run(proxy_bin, run_dir, ["serve", "--port", "0"], {"CLAUDE_PROXY_CONFIG": str(path)})
        assert result.returncode == 78, result.stderr
        assert str(path) in result.stderr and key in result.stderr, result.stderr
