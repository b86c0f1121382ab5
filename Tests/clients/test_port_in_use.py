"""A taken port ends `--demo serve` and the dashboard with exit 4 and a message naming the port,
every time (20 runs each): never a crash, never a silent exit 1."""

from __future__ import annotations

import os
import pty
import select
import socket
import subprocess
import threading
import time

from conftest import _child_env

RUNS = 20


def _busy_port():
    """A port taken by something that is not a claude-proxy: it accepts and hangs up at once."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return sock, sock.getsockname()[1]


def test_demo_serve_on_a_busy_port_exits_4_naming_it_every_time(proxy_bin, run_dir):
    holder, port = _busy_port()
    env = _child_env(run_dir / "home", {})
    try:
        for run in range(RUNS):
            result = subprocess.run([proxy_bin, "--demo", "serve", "--port", str(port)], env=env,
                                    stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
            assert result.returncode == 4, f"run {run}: exit {result.returncode}\n{result.stderr[-2000:]}"
            assert f"port {port}" in result.stderr and "already in use" in result.stderr, result.stderr
    finally:
        holder.close()


def _run_in_pty(args: list[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, env={**env, "TERM": "xterm-256color"}, stdin=slave, stdout=slave, stderr=slave,
                            close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child side is closed
                chunk = b""
            output += chunk
            if not chunk and proc.poll() is not None:
                break
        elif proc.poll() is not None:
            break
    else:
        proc.kill()
    os.close(master)
    return proc.wait(timeout=5), output.decode(errors="replace")


def test_dashboard_on_a_busy_port_exits_4_and_points_to_attach_every_time(proxy_bin, run_dir):
    holder, port = _busy_port()
    env = _child_env(run_dir / "home", {})
    try:
        for run in range(RUNS):
            status, output = _run_in_pty([proxy_bin, "dashboard", "--demo", "--port", str(port)], env, timeout=30)
            assert status == 4, f"run {run}: exit {status}\n{output[-2000:]}"
            assert f"port {port}" in output and "dashboard --attach" in output, output[-2000:]
    finally:
        holder.close()
