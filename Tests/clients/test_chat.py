"""Chat Completions through the official openai SDK: plain, streaming, helpers, params."""

from __future__ import annotations

import json
import time

import openai

from support import assert_valid_messages, blocks, parse_json_events, sse_events, system_texts, text_of

FAKE_GREETING = "Hello from the fake Claude. You said:"


def test_plain_chat(client: openai.OpenAI, fake, marker: str) -> None:
    completion = client.chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": f"Say hi {marker}"}])

    assert completion.object == "chat.completion"
    assert completion.id
    assert isinstance(completion.created, int) and completion.created > 0
    assert len(completion.choices) == 1
    choice = completion.choices[0]
    assert choice.index == 0
    assert choice.message.role == "assistant"
    assert choice.message.content.startswith(FAKE_GREETING), choice.message.content
    assert marker in choice.message.content
    assert choice.finish_reason == "stop"
    assert not choice.message.tool_calls
    usage = completion.usage
    assert usage is not None and usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens

    posts = fake.messages_posts(marker)
    assert len(posts) == 1
    request = posts[0]
    body = request["body"]
    assert body["model"].startswith("claude-sonnet-"), body["model"]
    assert_valid_messages(body)
    assert marker in text_of(body["messages"][-1]["content"])
    headers = request["headers"]
    assert "anthropic-version" in headers
    assert headers.get("x-api-key") == "sk-ant-api03-client-tests-not-a-real-key" or \
        headers.get("authorization") == "Bearer sk-ant-api03-client-tests-not-a-real-key"
    # The client's own key is not an upstream credential.
    assert "no-key-needed" not in json.dumps(headers)


def test_streaming_create(client: openai.OpenAI, fake, marker: str) -> None:
    stream = client.chat.completions.create(
        model="sonnet", stream=True, messages=[{"role": "user", "content": f"Stream please {marker}"}])
    chunks = list(stream)

    assert chunks, "no chunks"
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1, "chunk ids differ"
    first = chunks[0]
    assert first.choices and first.choices[0].delta.role == "assistant"

    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith(FAKE_GREETING) and marker in text, text

    finishes = [(i, c.choices[0].finish_reason) for i, c in enumerate(chunks) if c.choices and c.choices[0].finish_reason]
    assert [f for _, f in finishes] == ["stop"], finishes

    # Usage chunk sent even without stream_options.include_usage, after the finish chunk.
    usage_chunks = [(i, c) for i, c in enumerate(chunks) if c.choices == [] and c.usage is not None]
    assert len(usage_chunks) == 1, [c.model_dump() for c in chunks[-3:]]
    index, usage_chunk = usage_chunks[0]
    assert index > finishes[0][0]
    assert usage_chunk.usage.prompt_tokens > 0 and usage_chunk.usage.completion_tokens > 0
    assert usage_chunk.usage.total_tokens == usage_chunk.usage.prompt_tokens + usage_chunk.usage.completion_tokens

    assert fake.last_body(marker).get("stream") is True


def test_streaming_include_usage(client: openai.OpenAI, fake, marker: str) -> None:
    chunks = list(client.chat.completions.create(
        model="haiku", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": f"hi {marker}"}]))
    assert sum(1 for c in chunks if c.choices == [] and c.usage is not None) == 1
    assert fake.last_body(marker)["model"].startswith("claude-haiku-")


def test_streaming_raw_wire(proxy, fake, marker: str) -> None:
    """The bytes on the wire: event-stream, JSON chunks, a final [DONE]."""
    with proxy.http() as http:
        with http.stream("POST", "/v1/chat/completions", json={
                "model": "sonnet", "stream": True, "messages": [{"role": "user", "content": f"raw {marker}"}]}) as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            payloads = sse_events(r.iter_lines())
    assert payloads[-1] == "[DONE]"
    assert payloads.count("[DONE]") == 1
    events = parse_json_events(payloads)
    assert all("error" not in e for e in events)
    assert events[0]["choices"][0]["delta"]["role"] == "assistant"
    assert events[-1]["choices"] == [] and events[-1]["usage"]["total_tokens"] > 0
    for event in events:
        for choice in event["choices"]:
            assert choice.get("finish_reason") in (None, "stop")


def test_stream_helper(client: openai.OpenAI, fake, marker: str) -> None:
    deltas: list[str] = []
    with client.chat.completions.stream(
            model="sonnet", messages=[{"role": "user", "content": f"helper {marker}"}]) as stream:
        for event in stream:
            if event.type == "content.delta":
                deltas.append(event.delta)
        final = stream.get_final_completion()

    assert deltas
    message = final.choices[0].message
    assert message.content == "".join(deltas)
    assert message.content.startswith(FAKE_GREETING) and marker in message.content
    assert final.choices[0].finish_reason == "stop"
    assert final.usage is not None and final.usage.total_tokens > 0


def test_system_and_developer_hoisted(client: openai.OpenAI, fake, marker: str) -> None:
    completion = client.chat.completions.create(model="sonnet", messages=[
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "First question"},
        {"role": "assistant", "content": "First answer"},
        {"role": "developer", "content": "Answer in French."},
        {"role": "user", "content": f"Second question {marker}"},
    ])
    assert completion.choices[0].message.content

    body = fake.last_body(marker)
    assert_valid_messages(body)
    texts = system_texts(body)
    joined = "\n".join(texts)
    assert "You are terse." in joined and "Answer in French." in joined, texts
    assert joined.index("You are terse.") < joined.index("Answer in French.")
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
    assert "Answer in French." not in json.dumps(body["messages"])


def test_consecutive_user_turns_and_names(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(model="sonnet", messages=[
        {"role": "user", "content": "part one", "name": "alice"},
        {"role": "user", "content": [{"type": "text", "text": f"part two {marker}"}]},
    ])
    body = fake.last_body(marker)
    assert_valid_messages(body)
    assert len(body["messages"]) == 1
    text = text_of(body["messages"][0]["content"])
    assert "part one" in text and "part two" in text


def test_leading_assistant_turn_is_made_valid(client: openai.OpenAI, fake, marker: str) -> None:
    completion = client.chat.completions.create(model="sonnet", messages=[
        {"role": "assistant", "content": "Hi! How can I help?"},
        {"role": "user", "content": f"Tell me a joke {marker}"},
    ])
    assert completion.choices[0].message.content
    assert_valid_messages(fake.last_body(marker))


def test_temperature_dropped_for_opus_4_7(client: openai.OpenAI, fake, marker: str) -> None:
    completion = client.chat.completions.create(
        model="claude-opus-4-7", temperature=0.7, messages=[{"role": "user", "content": f"hi {marker}"}])
    assert completion.choices[0].finish_reason == "stop"
    body = fake.last_body(marker)
    assert body["model"] == "claude-opus-4-7"
    assert "temperature" not in body


def test_temperature_range_made_valid(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(
        model="claude-sonnet-4-5-20250929", temperature=1.6, top_p=0.9,
        messages=[{"role": "user", "content": f"hi {marker}"}])
    body = fake.last_body(marker)
    assert 0 <= body.get("temperature", 1) <= 1, body.get("temperature")
    assert not ("temperature" in body and "top_p" in body), "Claude models take temperature or top_p, not both"


def test_async_client_streaming(proxy, fake, marker: str) -> None:
    import asyncio

    async def run() -> list:
        async with openai.AsyncOpenAI(base_url=proxy.base_url, api_key="k", max_retries=0) as client:
            stream = await client.chat.completions.create(
                model="sonnet", stream=True, messages=[{"role": "user", "content": f"async {marker}"}])
            return [chunk async for chunk in stream]

    chunks = asyncio.run(run())
    assert chunks[0].choices[0].delta.role == "assistant"
    assert marker in "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].choices == [] and chunks[-1].usage is not None


def test_max_tokens_variants(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": f"a {marker}"}])
    default = fake.last_body(marker)["max_tokens"]
    assert isinstance(default, int) and default > 0

    fake.reset()
    client.chat.completions.create(model="sonnet", max_tokens=77, messages=[{"role": "user", "content": f"b {marker}"}])
    assert fake.last_body(marker)["max_tokens"] == 77

    fake.reset()
    client.chat.completions.create(model="sonnet", max_completion_tokens=123,
                                   messages=[{"role": "user", "content": f"c {marker}"}])
    assert fake.last_body(marker)["max_tokens"] == 123


def test_onboarding_probe_max_tokens_1(client: openai.OpenAI, fake, marker: str) -> None:
    """OpenClaw's connection probe: non-streaming, max_tokens 1."""
    completion = client.chat.completions.create(
        model="sonnet", max_tokens=1, messages=[{"role": "user", "content": f"ping {marker}"}])
    assert completion.choices[0].finish_reason in ("stop", "length")
    assert fake.last_body(marker)["max_tokens"] == 1


def test_ignorable_params_accepted(client: openai.OpenAI, fake, marker: str) -> None:
    """Params real clients send that must not cause a 400."""
    completion = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": f"hi {marker}", "name": "bob"}],
        store=False, user="user-42", metadata={"app": "tests"}, seed=7, logit_bias={}, stop=[],
        parallel_tool_calls=True, extra_body={"reasoning": {"effort": "low"}, "tools": []})
    assert completion.choices[0].message.content
    body = fake.last_body(marker)
    assert body["model"].startswith("claude-sonnet-"), body["model"]
    assert (body.get("metadata") or {}).get("user_id") == "user-42"
    assert not body.get("stop_sequences")


def test_stop_sequences(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(model="sonnet", stop=["END", "", "  "],
                                   messages=[{"role": "user", "content": f"hi {marker}"}])
    assert fake.last_body(marker).get("stop_sequences") == ["END"]
    fake.reset()
    client.chat.completions.create(model="sonnet", stop="STOP",
                                   messages=[{"role": "user", "content": f"hi {marker}"}])
    assert fake.last_body(marker).get("stop_sequences") == ["STOP"]


def test_finish_reason_length(client: openai.OpenAI, fake) -> None:
    completion = client.chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": "go on [[scenario:max-tokens]]"}])
    assert completion.choices[0].finish_reason == "length"


def test_finish_reason_refusal(client: openai.OpenAI, fake) -> None:
    completion = client.chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": "bad idea [[scenario:refusal]]"}])
    assert completion.choices[0].finish_reason == "content_filter"
    chunks = list(client.chat.completions.create(
        model="sonnet", stream=True, messages=[{"role": "user", "content": "bad idea [[scenario:refusal]]"}]))
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["content_filter"]


def test_cache_usage(client: openai.OpenAI, fake) -> None:
    completion = client.chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": "cached [[scenario:cache]]"}])
    usage = completion.usage
    # prompt_tokens = input + cache reads (2000) + cache writes (1000)
    assert usage.prompt_tokens >= 3000, usage
    assert usage.prompt_tokens_details is not None and usage.prompt_tokens_details.cached_tokens == 2000, usage
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_n_greater_than_one_not_silently_ignored(proxy, fake, marker: str) -> None:
    with proxy.http() as http:
        r = http.post("/v1/chat/completions", json={
            "model": "sonnet", "n": 2, "messages": [{"role": "user", "content": f"two {marker}"}]})
    if r.status_code == 200:
        assert len(r.json()["choices"]) == 2
    else:
        assert r.status_code == 400
        assert r.json()["error"]["message"]


def test_client_disconnect_cancels_upstream(start_proxy, fake) -> None:
    """A client that goes away mid-stream cancels the upstream request; the proxy keeps serving."""
    # A proxy of its own, so a crash here does not take the other tests down with it.
    proxy = start_proxy("proxy-disconnect")
    before = fake.stats()
    client = proxy.client()
    stream = client.chat.completions.create(
        model="sonnet", stream=True, messages=[{"role": "user", "content": "tell me more [[scenario:slow]]"}])
    received = 0
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            received += 1
            if received >= 3:
                break
    stream.close()
    deadline = time.monotonic() + 5
    stats = fake.stats()
    while time.monotonic() < deadline and stats["streamsCancelled"] <= before["streamsCancelled"]:
        time.sleep(0.1)
        stats = fake.stats()
    assert stats["streamsCancelled"] > before["streamsCancelled"], (before, stats)

    time.sleep(0.5)  # let the proxy finish tearing the stream down
    assert proxy.child.proc.poll() is None, f"proxy exited ({proxy.child.proc.returncode}) after a client disconnect"
    again = client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": "still there?"}])
    assert again.choices[0].message.content
    client.close()


def test_json_scenario_plain_text(client: openai.OpenAI, fake) -> None:
    completion = client.chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": "json please [[scenario:json]]"}])
    assert json.loads(completion.choices[0].message.content) == {"answer": 42}


def test_image_data_url(client: openai.OpenAI, fake, marker: str) -> None:
    from support import PNG_1X1_B64

    client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": [
        {"type": "text", "text": f"What is this? {marker}"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG_1X1_B64}", "detail": "auto"}},
    ]}])
    content = blocks(fake.last_body(marker)["messages"][-1]["content"])
    images = [b for b in content if b.get("type") == "image"]
    assert len(images) == 1, content
    source = images[0]["source"]
    assert source["type"] == "base64"
    assert source["media_type"] == "image/png"
    assert source["data"] == PNG_1X1_B64


def test_image_https_url(client: openai.OpenAI, fake, marker: str) -> None:
    url = "https://example.com/images/cat.png"
    client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": [
        {"type": "text", "text": f"Describe {marker}"},
        {"type": "image_url", "image_url": {"url": url}},
    ]}])
    content = blocks(fake.last_body(marker)["messages"][-1]["content"])
    images = [b for b in content if b.get("type") == "image"]
    assert len(images) == 1, content
    assert images[0]["source"] == {"type": "url", "url": url}


def test_input_audio_is_a_clear_400(client: openai.OpenAI, fake, marker: str) -> None:
    try:
        client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": [
            {"type": "text", "text": f"listen {marker}"},
            {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}},
        ]}])
    except openai.BadRequestError as error:
        assert "audio" in str(error).lower()
    else:
        raise AssertionError("input_audio was accepted")
    assert fake.messages_posts(marker) == []


def test_cache_control_on_parts_passes_through(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": [
        {"type": "text", "text": f"long context {marker}", "cache_control": {"type": "ephemeral"}},
    ]}])
    content = blocks(fake.last_body(marker)["messages"][-1]["content"])
    assert any(b.get("cache_control") == {"type": "ephemeral"} for b in content), content


def test_httpx_plain_response_headers(proxy, fake, marker: str) -> None:
    with proxy.http() as http:
        r = http.post("/v1/chat/completions", json={
            "model": "sonnet", "messages": [{"role": "user", "content": f"hi {marker}"}]})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers.get("x-request-id"), dict(r.headers)
    body = r.json()
    assert body["choices"][0]["message"]["role"] == "assistant"
    assert body["model"]
