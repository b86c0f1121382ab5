"""Bad options and configuration are refused clearly; failed requests leave a log line."""

from __future__ import annotations

import json
import socket
import subprocess

from conftest import _child_env

PASTED_KEY = "sk-ant-api03-Zq8vXk2LmN4pR7sT9uW1yB3dF5hJ6kQ0aC-xyz9"


def _run(proxy_bin, run_dir, args, extra=None):
    env = _child_env(run_dir / "home", {"ANTHROPIC_API_KEY": "sk-ant-test-key-000000000000", **(extra or {})})
    return subprocess.run([proxy_bin, *args], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def test_an_out_of_range_port_flag_is_a_usage_error_naming_it(proxy_bin, run_dir):
    for command in (["serve"], ["check"]):
        result = _run(proxy_bin, run_dir, [*command, "--port", "99999"])
        assert result.returncode == 64, (command, result.returncode, result.stderr)
        assert "99999" in result.stderr and "65535" in result.stderr, result.stderr


def test_an_unknown_log_level_is_refused_listing_the_valid_ones(proxy_bin, run_dir):
    result = _run(proxy_bin, run_dir, ["serve", "--port", "0", "--log-level", "bogus"])
    assert result.returncode == 64, result.stderr
    assert "bogus" in result.stderr and "warning" in result.stderr and "trace" in result.stderr, result.stderr

    result = _run(proxy_bin, run_dir, ["serve", "--port", "0"], {"CLAUDE_PROXY_LOG_LEVEL": "bogus"})
    assert result.returncode == 78, result.stderr
    assert "CLAUDE_PROXY_LOG_LEVEL" in result.stderr and "warning" in result.stderr, result.stderr


def test_the_singular_budget_key_is_an_error_pointing_to_budgets(proxy_bin, run_dir):
    path = run_dir / "budget.config.json"
    path.write_text(json.dumps({"budget": {"monthlyUSD": 5}}))
    path.chmod(0o600)
    result = _run(proxy_bin, run_dir, ["serve", "--port", "0"], {"CLAUDE_PROXY_CONFIG": str(path)})
    assert result.returncode == 78, result.stderr
    assert "budget" in result.stderr and "'budgets'" in result.stderr, result.stderr


def test_invalid_ledger_and_price_values_are_config_errors_naming_the_key(proxy_bin, run_dir):
    cases = [
        ({"ledger": {"monthlyUSD": 5}}, "ledger.monthlyUSD"),
        ({"ledger": {"retentionDays": 0}}, "ledger.retentionDays"),
        ({"ledger": {"enabled": "yes"}}, "ledger.enabled"),
        ({"prices": {"claude-x": {"inputPerMTok": 1}}}, "prices.claude-x.outputPerMTok"),
    ]
    for index, (config, key) in enumerate(cases):
        path = run_dir / f"ledger-invalid-{index}.config.json"
        path.write_text(json.dumps(config))
        path.chmod(0o600)
        result = _run(proxy_bin, run_dir, ["serve", "--port", "0"], {"CLAUDE_PROXY_CONFIG": str(path)})
        assert result.returncode == 78, (config, result.stderr)
        assert key in result.stderr and str(path) in result.stderr, result.stderr


def test_a_key_in_the_wrong_field_is_never_echoed(proxy_bin, run_dir):
    host = run_dir / "pasted-host.config.json"
    host.write_text(json.dumps({"listen": {"host": PASTED_KEY}}))
    base = run_dir / "pasted-base.config.json"
    base.write_text(json.dumps({"upstream": {"baseURL": PASTED_KEY}}))
    for path, key in ((host, "listen.host"), (base, "upstream.baseURL")):
        path.chmod(0o600)
        for command in (["serve", "--port", "0"], ["check"]):
            result = _run(proxy_bin, run_dir, command, {"CLAUDE_PROXY_CONFIG": str(path)})
            assert result.returncode != 0, (command, result.stdout)
            output = result.stdout + result.stderr
            assert key in output, output
            assert "Zq8vXk2LmN4pR7sT9uW1yB3dF5hJ6kQ0aC" not in output, output


def test_each_failed_request_is_logged_once_at_the_default_level(start_proxy):
    proxy = start_proxy("failure-log", config={"retries": {"maxRetries": 0}})
    with proxy.http() as http:
        response = http.post("/v1/chat/completions", json={
            "model": "sonnet", "messages": [{"role": "user", "content": "x [[scenario:fail-529]]"}]})
    assert response.status_code >= 500
    match = proxy.child.wait_for_line(r"request (cp_\w+) failed: (\d{3}) (\S+): ", timeout=10)
    assert int(match.group(2)) == response.status_code
    assert sum(match.group(1) in line for line in proxy.child.lines) == 1


def test_an_http10_client_gets_an_http10_answer_and_a_close(proxy):

    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert head.startswith("http/1.0 200"), head
    assert "transfer-encoding" not in head and "content-length" in head, head
