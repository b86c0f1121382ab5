"""Credentials end to end: `ant auth login` profiles just work, and `claude-proxy check`
reports each upstream and credential with documented exit codes and no secret in its output."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import UPSTREAM_KEY, _child_env

CONSOLE_TOKEN = "sk-ant-oat01-console-login-token-for-tests-0001"


def _console_profile(directory: Path, base_url: str, mode: int = 0o600) -> Path:
    (directory / "configs").mkdir(parents=True, exist_ok=True)
    (directory / "credentials").mkdir(parents=True, exist_ok=True)
    (directory / "configs" / "default.json").write_text(json.dumps({
        "authentication": {"type": "user_oauth"},
        "organization_id": "00000000-0000-0000-0000-000000000001",
        "workspace_id": "wrkspc_tests",
        "base_url": base_url,
    }))
    credentials = directory / "credentials" / "default.json"
    credentials.write_text(json.dumps({
        "version": "1.0", "type": "oauth_token", "access_token": CONSOLE_TOKEN,
        "expires_at": int(time.time()) + 3600,
    }))
    credentials.chmod(mode)
    return credentials


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _check(proxy_bin: str, home: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [proxy_bin, "check", *args], env=_child_env(home, env), capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_console_login_profile_is_used_with_no_api_key(start_proxy, fake, run_dir, marker):
    profile_dir = run_dir / "anthropic-profile"
    _console_profile(profile_dir, fake.url)
    proxy = start_proxy("console-profile", env={
        "ANTHROPIC_API_KEY": "", "ANTHROPIC_BASE_URL": "", "ANTHROPIC_CONFIG_DIR": str(profile_dir),
    })
    answer = proxy.client().chat.completions.create(
        model="sonnet", messages=[{"role": "user", "content": f"{marker} hello"}])
    assert answer.choices[0].message.content
    sent = fake.messages_posts(marker)[-1]
    assert sent["headers"]["authorization"] == f"Bearer {CONSOLE_TOKEN}"
    assert "x-api-key" not in sent["headers"]
    assert sent["headers"]["anthropic-workspace-id"] == "wrkspc_tests"
    assert sent["headers"].get("anthropic-beta"), "OAuth tokens need the official SDK's beta header"
    assert "claude-code" not in json.dumps(sent["headers"]).lower()
    health = proxy.http().get("/health").json()
    credential = health["upstreams"][0]["credential"]
    assert credential["kind"] == "console_oauth"
    assert credential["expires_in_seconds"] > 3000
    assert CONSOLE_TOKEN not in json.dumps(health)
    assert CONSOLE_TOKEN not in proxy.child.tail(400)


def test_check_reports_the_credential_redacted_and_exits_zero(proxy_bin, fake, run_dir):
    result = _check(proxy_bin, run_dir / "home", {"ANTHROPIC_API_KEY": UPSTREAM_KEY, "ANTHROPIC_BASE_URL": fake.url})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "credential  ok" in output
    assert "upstream    ok" in output
    assert "…" in output
    assert UPSTREAM_KEY not in output


def test_check_fails_with_exit_5_on_an_unreachable_upstream(proxy_bin, run_dir):
    url = f"http://127.0.0.1:{_dead_port()}"
    result = _check(proxy_bin, run_dir / "home", {"ANTHROPIC_API_KEY": UPSTREAM_KEY, "ANTHROPIC_BASE_URL": url})
    output = result.stdout + result.stderr
    assert result.returncode == 5, output
    assert "upstream    FAIL" in output
    assert UPSTREAM_KEY not in output


def test_check_names_the_file_and_key_of_a_bad_config(proxy_bin, run_dir):
    config = run_dir / "bad-check.json"
    config.write_text(json.dumps({"listen": {"port": "eighty"}}))
    config.chmod(0o600)
    result = _check(proxy_bin, run_dir / "home", {"ANTHROPIC_API_KEY": UPSTREAM_KEY}, "--config", str(config))
    output = result.stdout + result.stderr
    assert result.returncode == 78, output
    assert str(config) in output and "listen.port" in output


def test_world_readable_credentials_file_is_refused(proxy_bin, fake, run_dir):
    profile_dir = run_dir / "anthropic-open-profile"
    _console_profile(profile_dir, fake.url, mode=0o644)
    result = _check(proxy_bin, run_dir / "home", {
        "ANTHROPIC_API_KEY": "", "ANTHROPIC_BASE_URL": "", "ANTHROPIC_CONFIG_DIR": str(profile_dir),
    })
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "chmod 600" in output or "readable" in output, output
    assert CONSOLE_TOKEN not in output


@pytest.mark.parametrize("extra", [{}, {"ANTHROPIC_PROFILE": "work"}])
def test_serve_without_any_credential_says_what_to_do(proxy_bin, run_dir, extra):
    result = subprocess.run(
        [proxy_bin, "serve", "--port", str(_dead_port())],
        env=_child_env(run_dir / "empty-home", {"ANTHROPIC_API_KEY": "", **extra}),
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 3, result.stderr
    assert "ANTHROPIC_API_KEY" in result.stderr and "--demo" in result.stderr
    assert "ant auth login" in result.stderr
