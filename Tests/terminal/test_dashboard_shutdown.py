"""The embedded dashboard stops in bounded time even while another dashboard is attached to it."""

import os
import signal
import socket
import time

from test_dashboard_demo import assert_restored, start_demo


def test_sigterm_with_an_attached_events_stream_exits_promptly(binary, isolated_env, free_port):
    screen = start_demo(binary, isolated_env, free_port, 100, 30)
    events = None
    try:
        screen.wait_for_text("Requests (")
        events = socket.create_connection(("127.0.0.1", int(free_port)), timeout=5)
        events.sendall(b"GET /admin/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        deadline = time.monotonic() + 5
        while b"claude-proxy events" not in received and time.monotonic() < deadline:
            received += events.recv(65536)
        assert b"claude-proxy events" in received, received
        start = time.monotonic()
        os.kill(screen.program_pid(), signal.SIGTERM)
        status, settings, _ = screen.wait_for_exit(45)
        elapsed = time.monotonic() - start
        assert_restored(status, settings)
        # Demo requests last a few seconds; the attached stream must not hold the drain open
        # (it used to, for the whole 30 s grace period).
        assert elapsed < 15, f"took {elapsed:.1f}s to stop with an events stream attached"
    finally:
        if events:
            events.close()
        screen.close()
