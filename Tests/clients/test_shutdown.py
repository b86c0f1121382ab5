"""SIGTERM/SIGINT end `serve` in bounded time: event subscribers at once, generations within the grace
period, then with an error event the client can read; a second signal at once."""

from __future__ import annotations

import json
import signal
import threading
import time

from lifecycle import chat_request, connect, read_until, start_fake, start_serve, wait_exit


def _stopping(child) -> None:
    child.stopped = True  # the test ends it on purpose; not a crash


def test_sigterm_with_an_open_events_stream_exits_zero_at_once(proxy_bin, run_dir, fake_upstream):
    child, port = start_serve(proxy_bin, run_dir, "shutdown-events", fake_upstream.url)
    sock = connect(port)
    sock.sendall(b"GET /admin/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert b"claude-proxy events" in read_until(sock, b"claude-proxy events", 5)
    _stopping(child)
    child.proc.send_signal(signal.SIGTERM)
    status, seconds = wait_exit(child, 10)
    tail = read_until(sock, b"\x00never", 2)
    sock.close()
    child.stop()
    assert status == 0, (status, child.tail())
    assert seconds < 1.5, f"took {seconds:.2f}s to exit with an events stream open"
    assert tail.endswith(b"0\r\n\r\n") or tail == b"", tail[-200:]  # the stream was ended properly


def _stream_in_background(port: int, content: str) -> tuple[threading.Thread, dict]:
    """Starts a streaming chat request; `result` fills with the raw response once the connection ends."""
    result: dict = {"first": threading.Event()}

    def run() -> None:
        sock = connect(port, timeout=60)
        sock.sendall(chat_request(content))
        data = read_until(sock, b'"content"', 30)
        result["first"].set()
        data += read_until(sock, b"data: [DONE]", 60)
        sock.close()
        result["data"] = data.decode(errors="replace")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def test_a_generation_longer_than_the_grace_period_ends_with_an_error_event_and_exit_zero(proxy_bin, run_dir):
    fake, url = start_fake(proxy_bin, run_dir, "fake-paced-grace", event_delay_ms=20)
    try:
        child, port = start_serve(proxy_bin, run_dir, "shutdown-grace", url, config={"shutdown": {"graceSeconds": 1}})
        thread, result = _stream_in_background(port, "a long one [[scenario:long:2000]]")  # ~40 s of events
        assert result["first"].wait(15), "no content streamed"
        _stopping(child)
        child.proc.send_signal(signal.SIGTERM)
        status, seconds = wait_exit(child, 10)
        thread.join(5)
        child.stop()
        assert status == 0, (status, child.tail())
        assert 0.9 < seconds < 3.0, f"exit after {seconds:.2f}s with a 1s grace period"
        data = result.get("data", "")
        events = [line[6:] for line in data.splitlines() if line.startswith("data: ")]
        assert events[-1] == "[DONE]", data[-400:]
        error = json.loads(events[-2])["error"]
        assert error["code"] == "server_shutting_down", error
        assert "shutting down" in error["message"]
    finally:
        fake.stop()


def test_a_second_sigterm_ends_the_drain_at_once(proxy_bin, run_dir):
    fake, url = start_fake(proxy_bin, run_dir, "fake-paced-second", event_delay_ms=20)
    try:
        child, port = start_serve(proxy_bin, run_dir, "shutdown-second", url)  # default grace: 30 s
        thread, result = _stream_in_background(port, "a long one [[scenario:long:2000]]")
        assert result["first"].wait(15), "no content streamed"
        _stopping(child)
        child.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert child.proc.poll() is None, "exited before the grace period with a stream running"
        child.proc.send_signal(signal.SIGINT)
        status, seconds = wait_exit(child, 10)
        thread.join(5)
        child.stop()
        assert status == 0, (status, child.tail())
        assert seconds < 1.6, f"a second signal took {seconds:.2f}s"
        assert "server_shutting_down" in result.get("data", ""), result.get("data", "")[-400:]
    finally:
        fake.stop()


def test_short_streams_still_drain_completely_on_sigterm(proxy_bin, run_dir):
    fake, url = start_fake(proxy_bin, run_dir, "fake-paced-drain", event_delay_ms=20)
    try:
        child, port = start_serve(proxy_bin, run_dir, "shutdown-drain", url)
        streams = [_stream_in_background(port, f"stream {i} [[scenario:long:60]]") for i in range(5)]  # ~1.3 s each
        for _, result in streams:
            assert result["first"].wait(15)
        _stopping(child)
        child.proc.send_signal(signal.SIGTERM)
        status, _ = wait_exit(child, 15)
        for thread, _ in streams:
            thread.join(5)
        child.stop()
        assert status == 0, (status, child.tail())
        for _, result in streams:
            data = result.get("data", "")
            assert '"finish_reason":"stop"' in data and "data: [DONE]" in data, data[-300:]
            assert "error" not in data, data[-300:]
    finally:
        fake.stop()
