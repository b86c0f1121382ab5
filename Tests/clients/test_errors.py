"""Errors as the openai SDK sees them: its own exception types, statuses, headers, JSON bodies."""

from __future__ import annotations

import uuid

import openai
import pytest

from support import sse_events


def _user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def _assert_openai_error_body(error: openai.APIStatusError) -> None:
    assert error.response.headers["content-type"].startswith("application/json")
    body = error.response.json()
    assert isinstance(body.get("error"), dict), body
    assert isinstance(body["error"].get("message"), str) and body["error"]["message"], body
    assert "type" in body["error"], body


def test_unknown_model_404(client: openai.OpenAI, fake) -> None:
    with pytest.raises(openai.NotFoundError) as info:
        client.chat.completions.create(model="gpt-nonexistent-9000", messages=_user("hi"))
    error = info.value
    assert error.status_code == 404
    assert error.code == "model_not_found"
    _assert_openai_error_body(error)
    assert "sonnet" in error.message  # lists what is available
    assert fake.messages_posts() == []


def test_upstream_401_is_502(client: openai.OpenAI, fake) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(model="sonnet", messages=_user("hi [[scenario:auth-401]]"))
    assert info.value.status_code == 502
    _assert_openai_error_body(info.value)


def test_spend_limit_429_not_retried(proxy, fake) -> None:
    marker = f"m-{uuid.uuid4().hex[:12]}"
    # Default SDK retries (2): x-should-retry: false must stop the SDK from retrying.
    client = proxy.client(max_retries=2)
    with pytest.raises(openai.RateLimitError) as info:
        client.chat.completions.create(model="sonnet", messages=_user(f"{marker} [[scenario:spend-limit]]"))
    error = info.value
    assert error.status_code == 429
    assert error.response.headers.get("x-should-retry") == "false"
    _assert_openai_error_body(error)
    # Neither the SDK nor the proxy retried.
    assert len(fake.messages_posts(marker)) == 1


def test_overloaded_529_is_503_with_retry_after(client: openai.OpenAI, fake, marker: str) -> None:
    with pytest.raises(openai.InternalServerError) as info:
        client.chat.completions.create(model="sonnet", messages=_user(f"{marker} [[scenario:fail-529]]"))
    error = info.value
    assert error.status_code == 503
    retry_after = error.response.headers.get("retry-after")
    assert retry_after is not None and retry_after.strip().isdigit(), dict(error.response.headers)
    _assert_openai_error_body(error)
    # The proxy retried (maxRetries 2 in the test config) before answering.
    assert len(fake.messages_posts(marker)) == 3


def test_overloaded_once_then_ok(client: openai.OpenAI, fake) -> None:
    key = uuid.uuid4().hex
    completion = client.chat.completions.create(
        model="sonnet", messages=_user(f"retry me [[scenario:fail-529-once:{key}]]"))
    assert completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"
    assert len(fake.messages_posts(key)) == 2


def test_overloaded_once_then_ok_streaming(client: openai.OpenAI, fake) -> None:
    key = uuid.uuid4().hex
    chunks = list(client.chat.completions.create(
        model="sonnet", stream=True, messages=_user(f"retry me [[scenario:fail-529-once:{key}]]")))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len(fake.messages_posts(key)) == 2


def test_upstream_400_is_400(client: openai.OpenAI, fake) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model="sonnet", messages=_user("hi [[scenario:bad-400]]"))
    assert info.value.status_code == 400
    _assert_openai_error_body(info.value)


@pytest.mark.parametrize("scenario", ["auth-401", "forbidden-403", "bad-400", "too-large-413", "spend-limit", "fail-529"])
def test_every_upstream_error_is_openai_shaped(proxy, fake, scenario: str) -> None:
    with proxy.http() as http:
        r = http.post("/v1/chat/completions", json={"model": "sonnet", "messages": _user(f"x [[scenario:{scenario}]]")})
    assert 400 <= r.status_code < 600, r.status_code
    assert r.headers["content-type"].startswith("application/json")
    error = r.json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert set(error) >= {"message", "type"}


def test_upstream_error_streaming_request(client: openai.OpenAI, fake) -> None:
    """An error before the first byte is a real HTTP error even when stream=true."""
    with pytest.raises(openai.BadRequestError):
        for _ in client.chat.completions.create(model="sonnet", stream=True, messages=_user("x [[scenario:bad-400]]")):
            pass


def test_midstream_error_raises_api_error(client: openai.OpenAI, fake) -> None:
    stream = client.chat.completions.create(
        model="sonnet", stream=True, messages=_user("go [[scenario:midstream-error]]"))
    with pytest.raises(openai.APIError) as info:
        for _ in stream:
            pass
    assert info.value.message


def test_midstream_error_wire_shape(proxy, fake) -> None:
    with proxy.http() as http:
        with http.stream("POST", "/v1/chat/completions", json={
                "model": "sonnet", "stream": True, "messages": _user("go [[scenario:midstream-error]]")}) as r:
            assert r.status_code == 200
            payloads = sse_events(r.iter_lines())
    errors = [p for p in payloads if p.startswith('{"error"')]
    assert len(errors) == 1, payloads[-4:]
    assert payloads[-1] == "[DONE]"
    assert payloads.index(errors[0]) == len(payloads) - 2


def test_malformed_json_body(proxy) -> None:
    with proxy.http() as http:
        r = http.post("/v1/chat/completions", content=b'{"model": "sonnet", "messages": [',
                      headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/json")
    assert isinstance(r.json()["error"]["message"], str) and r.json()["error"]["message"]


@pytest.mark.parametrize("payload, field", [
    ({"model": "sonnet"}, "messages"),
    ({"model": "sonnet", "messages": "hello"}, "messages"),
    ({"messages": [{"role": "user", "content": "hi"}]}, "model"),
    ({"model": "sonnet", "messages": [{"role": "user", "content": "hi"}], "max_tokens": "lots"}, "max_tokens"),
])
def test_wrong_types_name_the_field(proxy, fake, payload: dict, field: str) -> None:
    with proxy.http() as http:
        r = http.post("/v1/chat/completions", json=payload)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert field in error["message"] or error.get("param") == field, error
    assert fake.messages_posts() == []


def test_body_too_large(start_proxy, fake) -> None:
    small = start_proxy("proxy-small-body", config={"limits": {"maxBodyBytes": 4096}})
    with small.http() as http:
        r = http.post("/v1/chat/completions",
                      json={"model": "sonnet", "messages": _user("x" * 10_000)})
    assert r.status_code == 413, r.status_code
    assert r.json()["error"]["message"]
    assert fake.messages_posts() == []
