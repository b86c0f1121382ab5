"""Connections cannot take the proxy down: a flood beyond its descriptors, slow or idle clients,
and clients that hang up while the upstream is still silent."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from lifecycle import chat_request, closed_within, connect, read_until, start_fake, start_serve

SHORT_CLIENT_TIMEOUTS = {"timeouts": {"clientReadSeconds": 1, "clientIdleSeconds": 2}}


def _chat_on(sock: socket.socket, content: str) -> bytes:
    sock.sendall(chat_request(content, stream=False))
    return read_until(sock, b'"finish_reason"', 15)


@pytest.mark.parametrize("config", [None, {"limits": {"maxConnections": 5000}}], ids=["default-cap", "cap-above-descriptors"])
def test_a_connection_flood_beyond_the_descriptor_limit_does_not_stop_service(proxy_bin, run_dir, fake_upstream, config):
    name = "flood" if config is None else "flood-overconfigured"
    child, port = start_serve(proxy_bin, run_dir, name, fake_upstream.url, config=config, nofile=256)
    mine = connect(port)
    assert b"200 OK" in _chat_on(mine, "before the flood")
    flood: list[socket.socket] = []
    refused = 0
    try:
        for _ in range(400):  # more connections than the process has descriptors
            try:
                flood.append(socket.create_connection(("127.0.0.1", port), timeout=2))
            except OSError:
                refused += 1
        time.sleep(0.5)
        assert child.proc.poll() is None, f"proxy died under the flood:\n{child.tail()}"
        # The connection it already serves keeps working, upstream descriptor included.
        answer = _chat_on(mine, "during the flood")
        assert b"200 OK" in answer, answer[:300]
        # A new connection beyond the cap is refused cleanly (503 JSON), not left hanging.
        late = connect(port, timeout=5)
        late.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = read_until(late, b"}}", 5)
        late.close()
        assert reply.startswith(b"HTTP/1.1 503") and b"too_many_connections" in reply, reply[:300]
    finally:
        for sock in flood:
            sock.close()
        mine.close()
    deadline = time.monotonic() + 10
    while True:
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2, trust_env=False)
            if response.status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "no service after the flood ended"
        time.sleep(0.2)
    assert child.proc.poll() is None
    child.stop()


def test_slow_and_idle_clients_are_closed_within_the_configured_seconds(proxy_bin, run_dir, fake_upstream):
    child, port = start_serve(proxy_bin, run_dir, "client-timeouts", fake_upstream.url, config=SHORT_CLIENT_TIMEOUTS)
    try:
        slowloris = connect(port)
        slowloris.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n")
        endless_body = connect(port)
        endless_body.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-length: 100000\r\n\r\n{\"mo")
        idle = connect(port)
        idle.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert b"200 OK" in read_until(idle, b"}", 5)
        start = time.monotonic()
        # The slowloris keeps dribbling; the read timeout counts from the request's first byte.
        closed_at = None
        while closed_at is None and time.monotonic() - start < 5:
            try:
                slowloris.sendall(b"x")
            except OSError:
                closed_at = time.monotonic() - start
                break
            closed_at = closed_within(slowloris, 0.3)
            if closed_at is not None:
                closed_at = time.monotonic() - start
        assert closed_at is not None and closed_at < 2.0, f"unfinished head still open after {closed_at}"
        body_closed = closed_within(endless_body, 3)
        assert body_closed is not None, "a body that never ends was not closed"
        idle_closed = closed_within(idle, 4)
        assert idle_closed is not None, "an idle keep-alive connection was not closed"
        assert time.monotonic() - start < 3.5
    finally:
        child.stop()


def test_a_slow_stream_is_not_cut_by_the_client_timeouts(proxy_bin, run_dir):
    fake, url = start_fake(proxy_bin, run_dir, "fake-paced-timeouts", event_delay_ms=30)
    try:
        child, port = start_serve(proxy_bin, run_dir, "client-timeouts-stream", url, config=SHORT_CLIENT_TIMEOUTS)
        sock = connect(port, timeout=30)
        sock.sendall(chat_request("slowly [[scenario:long:120]]"))  # ~4 s, twice the idle timeout
        data = read_until(sock, b"data: [DONE]", 30)
        sock.close()
        child.stop()
        assert b'"finish_reason":"stop"' in data and b"data: [DONE]" in data, data[-300:]
    finally:
        fake.stop()


def _cancelled(fake_http: httpx.Client) -> int:
    return fake_http.get("/_fake/stats").json()["streamsCancelled"]


def test_a_client_hanging_up_before_the_first_byte_cancels_the_upstream_request(proxy_bin, run_dir):
    fake, url = start_fake(proxy_bin, run_dir, "fake-hang")
    try:
        child, port = start_serve(proxy_bin, run_dir, "hang-up", url)
        with httpx.Client(base_url=url, timeout=5, trust_env=False) as fake_http:
            for stream in (True, False):
                before = _cancelled(fake_http)
                sock = connect(port)
                sock.sendall(chat_request("never answered [[scenario:hang]]", stream=stream))
                deadline = time.monotonic() + 5
                while fake_http.get("/_fake/stats").json()["streamsStarted"] <= before and time.monotonic() < deadline:
                    time.sleep(0.05)
                sock.close()
                gone = time.monotonic()
                while _cancelled(fake_http) <= before and time.monotonic() - gone < 3:
                    time.sleep(0.05)
                waited = time.monotonic() - gone
                assert _cancelled(fake_http) > before, f"stream={stream}: the upstream request was not cancelled"
                assert waited < 1.0, f"stream={stream}: cancelled only after {waited:.2f}s"
        assert child.proc.poll() is None
        child.stop()
    finally:
        fake.stop()


def test_a_silent_upstream_is_retried_once_then_answered_with_a_504(proxy_bin, run_dir):
    fake, url = start_fake(proxy_bin, run_dir, "fake-silent")
    try:
        config = {"timeouts": {"firstByteSeconds": 1}, "retries": {"maxRetries": 2, "initialBackoffMs": 20, "maxBackoffMs": 50}}
        child, port = start_serve(proxy_bin, run_dir, "silent-upstream", url, config=config)
        with httpx.Client(base_url=url, timeout=5, trust_env=False) as fake_http:
            before = fake_http.get("/_fake/stats").json()["streamsStarted"]
            sock = connect(port, timeout=20)
            start = time.monotonic()
            sock.sendall(chat_request("silence [[scenario:hang]]"))
            reply = read_until(sock, b"}}", 15)
            elapsed = time.monotonic() - start
            sock.close()
            attempts = fake_http.get("/_fake/stats").json()["streamsStarted"] - before
        child.stop()
        assert reply.startswith(b"HTTP/1.1 504") and b"upstream_timeout" in reply, reply[:400]
        assert attempts == 2, f"{attempts} attempts on a silent upstream"
        assert elapsed < 3.5, elapsed
    finally:
        fake.stop()
