"""GET /metrics as Prometheus reads it: the scrape parses with prometheus_client's own parser, and its
counters and histograms moved by what real openai SDK calls did (plain, streamed, refused)."""

from __future__ import annotations

import openai
import pytest
from prometheus_client.parser import text_string_to_metric_families

KEY = "metrics-client-key-0123456789"


@pytest.fixture(scope="module")
def keyed(start_proxy):
    return start_proxy("metrics-keys", config={"retries": {"maxRetries": 2, "initialBackoffMs": 20, "maxBackoffMs": 100}},
                       env={"CLAUDE_PROXY_API_KEYS": KEY}, client_key=KEY)


def _scrape(proxy) -> dict[str, list]:
    with proxy.http() as http:
        response = http.get("/metrics", headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4"), response.headers
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    return families


def _value(families, family: str, sample: str, **labels: str) -> float | None:
    found = [s.value for s in families[family].samples
             if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items())] if family in families else []
    return sum(found) if found else None


def test_metrics_need_the_client_key(keyed) -> None:
    with keyed.http() as http:
        assert http.get("/metrics").status_code == 401
        assert http.get("/metrics", headers={"Authorization": "Bearer not-the-key-000000"}).status_code == 401
        assert http.get("/metrics", headers={"x-api-key": KEY}).status_code == 200


def test_metrics_count_what_sdk_calls_did(keyed) -> None:
    client = keyed.client()
    plain = client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": "metrics plain"}])
    chunks = list(client.chat.completions.create(
        model="sonnet", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "metrics streamed"}]))
    streamed_usage = next(chunk.usage for chunk in reversed(chunks) if chunk.usage is not None)
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="sonnet", messages=[{"role": "user", "content": "[[scenario:bad-400]] no"}])
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="no-such-model-here", messages=[{"role": "user", "content": "hi"}])
    retried = client.chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": "[[scenario:fail-529-once]] metrics retried"}])
    assert retried.choices[0].message.content

    families = _scrape(keyed)
    requests = families["claude_proxy_requests"]
    assert requests.type == "counter"
    served = [s for s in requests.samples if s.labels["route"] == "chat" and s.labels["status"] == "200"]
    assert len(served) == 1, requests.samples
    model = served[0].labels["model"]
    assert model.startswith("claude-sonnet"), model
    assert served[0].value == 3
    assert _value(families, "claude_proxy_requests", "claude_proxy_requests_total", route="chat", model=model, status="400") == 1
    assert _value(families, "claude_proxy_requests", "claude_proxy_requests_total", route="chat", model="none", status="404") == 1

    duration = families["claude_proxy_request_duration_seconds"]
    assert duration.type == "histogram"
    assert _value(families, "claude_proxy_request_duration_seconds", "claude_proxy_request_duration_seconds_count",
                  route="chat", model=model) == 4
    assert _value(families, "claude_proxy_time_to_first_token_seconds", "claude_proxy_time_to_first_token_seconds_count",
                  route="chat", model=model) == 1

    output = plain.usage.completion_tokens + streamed_usage.completion_tokens + retried.usage.completion_tokens
    assert _value(families, "claude_proxy_tokens", "claude_proxy_tokens_total", model=model, kind="output") == output
    assert _value(families, "claude_proxy_tokens", "claude_proxy_tokens_total", model=model, kind="input") > 0

    assert _value(families, "claude_proxy_upstream_retries", "claude_proxy_upstream_retries_total", cause="529") == 1
    assert _value(families, "claude_proxy_upstream_errors", "claude_proxy_upstream_errors_total", type="overloaded") == 1
    assert _value(families, "claude_proxy_upstream_errors", "claude_proxy_upstream_errors_total", type="client_error") == 1
    assert _value(families, "claude_proxy_active_streams", "claude_proxy_active_streams") == 0
    assert _value(families, "claude_proxy_events_dropped", "claude_proxy_events_dropped_total") == 0
