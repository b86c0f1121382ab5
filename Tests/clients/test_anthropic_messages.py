"""`POST /v1/messages` through the official `anthropic` SDK: Anthropic-SDK apps share the proxy's
credentials, retries and dashboard. The body goes upstream as written (model alias resolved), streams
come back event by event, and errors are Anthropic's, with its status codes and the SDK's error classes."""

from __future__ import annotations

import anthropic
import pytest

from support import assert_valid_messages

TOOLS = [{"name": "get_weather", "description": "Current weather for a city.",
          "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
         {"name": "get_forecast", "description": "Forecast for a city.",
          "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]


def _client(proxy, **kwargs) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=proxy.url, api_key=proxy.client_key, max_retries=0, timeout=30, **kwargs)


def test_create_resolves_the_alias_and_passes_the_body_through(proxy, fake, marker: str) -> None:
    message = _client(proxy).messages.create(
        model="sonnet", max_tokens=64, system="Be brief.", metadata={"user_id": "u-1"},
        messages=[{"role": "user", "content": f"Hello {marker}"}])
    assert message.type == "message" and message.role == "assistant"
    assert message.content[0].type == "text" and message.content[0].text
    assert message.usage.input_tokens > 0
    body = fake.last_body(marker)
    assert body["model"].startswith("claude-sonnet-")
    assert body["system"] == "Be brief."  # untouched: no identity configured
    assert body["metadata"] == {"user_id": "u-1"}
    assert_valid_messages(body)


def test_stream_helper_with_thinking_and_tool_use(proxy, fake, marker: str) -> None:
    client = _client(proxy)
    with client.messages.stream(
        model="claude-sonnet-4-5-20250929", max_tokens=4000, tools=TOOLS,
        thinking={"type": "enabled", "budget_tokens": 1024},
        messages=[{"role": "user", "content": f"{marker} Weather in Paris and forecast for Tokyo? [[scenario:tools]]"}],
    ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert "content_block_delta" in kinds
    assert [block.type for block in final.content] == ["thinking", "text", "tool_use", "tool_use"]
    assert final.content[0].signature
    assert final.stop_reason == "tool_use"
    # The tool loop's next turn, with the thinking block sent back as Anthropic clients do.
    follow = client.messages.create(
        model="claude-sonnet-4-5-20250929", max_tokens=4000, tools=TOOLS,
        thinking={"type": "enabled", "budget_tokens": 1024},
        messages=[{"role": "user", "content": f"{marker} Weather in Paris and forecast for Tokyo? [[scenario:tools]]"},
                  {"role": "assistant", "content": final.content},
                  {"role": "user", "content": [{"type": "tool_result", "tool_use_id": block.id, "content": "18 degrees"}
                                               for block in final.content if block.type == "tool_use"]}])
    assert follow.content


def test_betas_pass_through_and_client_auth_headers_do_not(proxy, fake, marker: str) -> None:
    _client(proxy).messages.create(
        model="sonnet", max_tokens=32, messages=[{"role": "user", "content": f"hi {marker}"}],
        extra_headers={"anthropic-beta": "context-1m-2025-08-07"})
    request = fake.messages_posts(marker)[-1]
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert headers.get("anthropic-beta") == "context-1m-2025-08-07"
    assert proxy.client_key not in str(headers.get("x-api-key", ""))


def test_errors_are_anthropic_shaped_with_the_sdk_error_classes(proxy, fake, marker: str) -> None:
    client = _client(proxy)
    with pytest.raises(anthropic.BadRequestError) as bad:
        client.messages.create(model="sonnet", max_tokens=16,
                               messages=[{"role": "user", "content": f"x {marker} [[scenario:bad-400]]"}])
    assert bad.value.body["type"] == "error" and bad.value.body["error"]["type"] == "invalid_request_error"
    with pytest.raises(anthropic.RateLimitError):
        client.messages.create(model="sonnet", max_tokens=16,
                               messages=[{"role": "user", "content": f"x {marker} [[scenario:spend-limit]]"}])
    with pytest.raises(anthropic.InternalServerError) as overloaded:
        client.messages.create(model="sonnet", max_tokens=16,
                               messages=[{"role": "user", "content": f"x {marker} [[scenario:fail-529]]"}])
    assert overloaded.value.status_code == 529
    assert overloaded.value.body["error"]["type"] == "overloaded_error"
    with pytest.raises(anthropic.NotFoundError):
        client.messages.create(model="llama-70b", max_tokens=16, messages=[{"role": "user", "content": "hi"}])


def test_a_missing_client_key_is_an_anthropic_401(start_proxy, fake) -> None:
    keyed = start_proxy("messages-keys", env={"CLAUDE_PROXY_API_KEYS": "bot-key-12345"}, client_key="bot-key-12345")
    with pytest.raises(anthropic.AuthenticationError) as info:
        _client(keyed).with_options(api_key="wrong-key-000").messages.create(
            model="sonnet", max_tokens=16, messages=[{"role": "user", "content": "hi"}])
    assert info.value.body["type"] == "error"
    served = _client(keyed).messages.create(model="sonnet", max_tokens=16, messages=[{"role": "user", "content": "hi"}])
    assert served.content


def test_count_tokens_resolves_the_alias_and_answers_in_anthropic_shape(proxy, fake, marker: str) -> None:
    count = _client(proxy).messages.count_tokens(model="sonnet", messages=[{"role": "user", "content": f"Hi {marker}"}])
    assert count.input_tokens > 0
    posts = [r for r in fake.requests() if r.get("path", "").startswith("/v1/messages/count_tokens")]
    assert posts and posts[-1]["body"]["model"].startswith("claude-sonnet-")
