"""Huge conversations: translated in linear time, off the event loops, so one client's 100,000-message
request neither fails nor stalls the proxy for everyone else (issue: quadratic merge stalled /health)."""

from __future__ import annotations

import json
import threading
import time

import httpx


def _many_messages(count: int) -> list[dict]:
    return [{"role": "user", "content": f"word{index}"} for index in range(count)]


def test_one_hundred_thousand_messages_are_served_without_stalling_health(proxy, fake) -> None:
    body = json.dumps({"model": "sonnet", "max_tokens": 16, "messages": _many_messages(100_000)})
    assert len(body) > 3_000_000
    result: dict = {}

    def send() -> None:
        started = time.monotonic()
        with proxy.http(timeout=60) as http:
            response = http.post("/v1/chat/completions", content=body, headers={"content-type": "application/json"})
        result["status"] = response.status_code
        result["body"] = response.text
        result["seconds"] = time.monotonic() - started

    sender = threading.Thread(target=send)
    sender.start()
    worst = 0.0
    probes = 0
    while sender.is_alive() and probes < 400:
        started = time.monotonic()
        # A fresh connection each time: the stall hit new connections on the busy event loop.
        response = httpx.get(f"{proxy.url}/health", timeout=10, trust_env=False)
        worst = max(worst, time.monotonic() - started)
        probes += 1
        assert response.status_code == 200
        time.sleep(0.02)
    sender.join(timeout=60)
    assert result.get("status") == 200, result.get("body", "")[:500]
    assert result["seconds"] < 30
    assert worst < 1.5, f"/health took {worst:.2f}s on a fresh connection while the big request was translated"
    upstream = fake.last_body()
    assert len(upstream["messages"]) == 1
    assert len(upstream["messages"][0]["content"]) == 100_000
