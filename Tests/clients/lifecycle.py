"""Helpers for the tests that start, flood, signal and stop their own proxies."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

from conftest import UPSTREAM_KEY, Child, _child_env, _free_port, _wait_healthy


def start_fake(proxy_bin: str, run_dir: Path, name: str, event_delay_ms: int = 0) -> tuple[Child, str]:
    """A fake upstream of the test's own (paced when asked), and its URL."""
    child = Child(name, [proxy_bin, "fake-upstream", "--port", "0", "--event-delay-ms", str(event_delay_ms)],
                  _child_env(run_dir / "home", {}), run_dir)
    match = child.wait_for_line(r"fake-upstream listening on (http://127\.0\.0\.1:\d+)", timeout=30)
    return child, match.group(1)


def start_serve(proxy_bin: str, run_dir: Path, name: str, upstream_url: str, config: dict[str, Any] | None = None,
                nofile: int | None = None) -> tuple[Child, int]:
    """`claude-proxy serve` on a free port, optionally under `ulimit -n NOFILE` (soft and hard)."""
    extra = {"ANTHROPIC_API_KEY": UPSTREAM_KEY, "ANTHROPIC_BASE_URL": upstream_url}
    if config is not None:
        path = run_dir / f"{name}.config.json"
        path.write_text(json.dumps(config))
        path.chmod(0o600)
        extra["CLAUDE_PROXY_CONFIG"] = str(path)
    port = _free_port()
    args = [proxy_bin, "serve", "--port", str(port)]
    if nofile is not None:
        args = ["bash", "-c", f'ulimit -n {nofile} && exec "$@"', "bash", *args]
    child = Child(name, args, _child_env(run_dir / "home", extra), run_dir)
    _wait_healthy(child, port, timeout=30)
    return child, port


def chat_request(content: str, stream: bool = True, model: str = "sonnet") -> bytes:
    body = json.dumps({"model": model, "stream": stream, "messages": [{"role": "user", "content": content}]})
    return (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\n\r\n{body}").encode()


def connect(port: int, timeout: float = 10) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return sock


def read_until(sock: socket.socket, needle: bytes, timeout: float) -> bytes:
    """Reads until `needle` appears, the peer closes, or `timeout` passes; returns what was read."""
    deadline = time.monotonic() + timeout
    data = b""
    while needle not in data:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def closed_within(sock: socket.socket, timeout: float) -> float | None:
    """Seconds until the peer closed the connection (EOF or reset), or None if it stayed open."""
    start = time.monotonic()
    deadline = start + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return None
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start
        if not chunk:
            return time.monotonic() - start


def wait_exit(child: Child, timeout: float) -> tuple[int | None, float]:
    """The exit status and how long it took, or (None, timeout)."""
    start = time.monotonic()
    try:
        return child.proc.wait(timeout=timeout), time.monotonic() - start
    except Exception:
        return None, timeout
