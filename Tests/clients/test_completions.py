"""Legacy Completions (`POST /v1/completions`) through the official openai SDK."""

from __future__ import annotations

import openai
import pytest

from support import text_of

FAKE_GREETING = "Hello from the fake Claude. You said:"


def test_completions_create(client: openai.OpenAI, fake, marker: str) -> None:
    completion = client.completions.create(model="sonnet", prompt=f"def add(a, b): {marker}", max_tokens=50)

    assert completion.object == "text_completion"
    assert completion.id.startswith("cmpl-")
    assert len(completion.choices) == 1
    choice = completion.choices[0]
    assert choice.index == 0
    assert choice.text.startswith(FAKE_GREETING), choice.text
    assert marker in choice.text
    assert choice.finish_reason == "stop"
    assert choice.logprobs is None
    usage = completion.usage
    assert usage is not None and usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens

    body = fake.last_body(marker)
    assert body["max_tokens"] == 50
    assert [m["role"] for m in body["messages"]] == ["user"]
    assert marker in text_of(body["messages"][0]["content"])


def test_completions_streaming(client: openai.OpenAI, fake, marker: str) -> None:
    prompt = f"Stream a completion {marker}"
    whole = client.completions.create(model="sonnet", prompt=prompt).choices[0].text
    chunks = list(client.completions.create(
        model="sonnet", prompt=[prompt], stream=True, stream_options={"include_usage": True}))

    assert chunks and all(c.object == "text_completion" for c in chunks)
    assert len({c.id for c in chunks}) == 1, "chunk ids differ"
    text = "".join(c.choices[0].text for c in chunks if c.choices)
    assert text == whole
    assert text.startswith(FAKE_GREETING) and marker in text
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["stop"]
    usage = chunks[-1].usage
    assert chunks[-1].choices == [] and usage is not None
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0


def test_completions_suffix_is_refused_naming_the_field(client: openai.OpenAI, fake, marker: str) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        client.completions.create(model="sonnet", prompt=f"def f(): {marker}", suffix="\n    return x")
    assert raised.value.param == "suffix"
    assert fake.messages_posts(marker) == []


def test_completions_stop_sequences_reach_the_upstream(client: openai.OpenAI, fake, marker: str) -> None:
    client.completions.create(model="sonnet", prompt=f"count {marker}", stop=["\n\nclass", "END"])
    assert fake.last_body(marker)["stop_sequences"] == ["\n\nclass", "END"]
