"""Command-line options reach the subcommand they are written after."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx

from conftest import _child_env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_fake_upstream_listens_on_the_port_it_is_given(proxy_bin, run_dir):
    port = _free_port()
    child = subprocess.Popen([proxy_bin, "fake-upstream", "--port", str(port)], env=_child_env(run_dir / "home", {}),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        line = child.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line, line
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/v1/models", headers={"x-api-key": "k", "anthropic-version": "2023-06-01"}, trust_env=False).status_code == 200
                break
            except httpx.TransportError:
                time.sleep(0.1)
    finally:
        child.terminate()
        child.wait(timeout=10)


def test_version_and_help_exit_zero(proxy_bin, run_dir):
    for args in (["--version"], ["--help"], ["serve", "--help"], ["dashboard", "--help"], ["check", "--help"]):
        result = subprocess.run([proxy_bin, *args], env=_child_env(run_dir / "home", {}), capture_output=True,
                                text=True, timeout=30, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, (args, result.stderr)


def test_port_in_use_is_a_one_line_error_naming_the_port(proxy_bin, run_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([proxy_bin, "serve", "--port", str(port)],
                                env=_child_env(run_dir / "home", {"ANTHROPIC_API_KEY": "sk-ant-test-key-000000000000"}),
                                capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 4, result.stderr
    assert f"port {port}" in result.stderr and "already in use" in result.stderr
