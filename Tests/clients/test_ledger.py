"""The usage ledger seen from outside: `claude-proxy usage` reports what `serve` served (also while it
runs), an empty ledger says so, and `kill -9` under load loses at most the last batch (≤ 1 s)."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx

from conftest import _child_env
from lifecycle import start_serve, wait_exit


def _usage(proxy_bin: str, run_dir: Path, ledger: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [proxy_bin, "usage", "--ledger", str(ledger), *args], env=_child_env(run_dir / "home", {}),
        capture_output=True, text=True, timeout=30,
    )


def _chat(http: httpx.Client, port: int, content: str, stream: bool = False) -> httpx.Response:
    body = {"model": "sonnet", "stream": stream, "messages": [{"role": "user", "content": content}]}
    return http.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=body)


def test_usage_reports_what_serve_served_while_it_runs_and_after_it_stopped(proxy_bin, run_dir, fake_upstream):
    ledger = run_dir / "usage-report.sqlite"
    child, port = start_serve(proxy_bin, run_dir, "ledger-usage", fake_upstream.url, {"ledger": {"path": str(ledger)}})
    completion_tokens = 0
    with httpx.Client(timeout=30, trust_env=False) as http:
        for index in range(6):
            response = _chat(http, port, f"ledger usage {index}")
            assert response.status_code == 200, response.text
            completion_tokens += response.json()["usage"]["completion_tokens"]
        assert _chat(http, port, "[[scenario:bad-400]] refused upstream").status_code == 400
        health = http.get(f"http://127.0.0.1:{port}/health").json()
    assert health["ledger"]["enabled"] is True and health["ledger"]["path"] == str(ledger), health

    # While the service runs: the rows of the last batch may still be queued, but the command works.
    deadline = time.monotonic() + 5
    while True:
        running = _usage(proxy_bin, run_dir, ledger, "--json", "--since", "2000-01-01")
        assert running.returncode == 0, running.stderr
        if json.loads(running.stdout)["total"]["requests"] == 7 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert json.loads(running.stdout)["total"]["requests"] == 7, running.stdout

    child.stopped = True
    child.proc.send_signal(signal.SIGTERM)
    status, _ = wait_exit(child, 15)
    child.stop()
    assert status == 0, child.tail()

    report = json.loads(_usage(proxy_bin, run_dir, ledger, "--json", "--since", "2000-01-01", "--by", "model").stdout)
    assert report["total"]["requests"] == 7 and report["total"]["errors"] == 1, report
    assert report["total"]["output_tokens"] == completion_tokens, report
    assert report["total"]["cost_complete"] is True and report["total"]["cost_usd"] > 0, report
    assert [group["key"] for group in report["groups"]] == ["claude-sonnet-4-6"], report

    table = _usage(proxy_bin, run_dir, ledger, "--today", "--by", "client")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[1].split()[:3] == ["CLIENT", "REQUESTS", "ERRORS"], table.stdout
    assert lines[2].split()[:3] == ["127.0.0.1", "7", "1"], table.stdout
    assert lines[-1].startswith("TOTAL"), table.stdout

    csv = _usage(proxy_bin, run_dir, ledger, "--csv", "--month", "--by", "day")
    assert csv.returncode == 0, csv.stderr
    header, *rows = csv.stdout.splitlines()
    assert header.startswith("day,requests,errors,input_tokens"), csv.stdout
    assert len(rows) == 1 and rows[0].split(",")[1:3] == ["7", "1"], csv.stdout


def test_an_empty_or_missing_ledger_says_no_usage_recorded(proxy_bin, run_dir):
    missing = _usage(proxy_bin, run_dir, run_dir / "never-created.sqlite")
    assert missing.returncode == 0, missing.stderr
    assert "no usage recorded" in missing.stdout, missing.stdout
    assert not (run_dir / "never-created.sqlite").exists()

    bad = _usage(proxy_bin, run_dir, run_dir / "x.sqlite", "--today", "--month")
    assert bad.returncode == 64, bad.stderr
    bad_date = _usage(proxy_bin, run_dir, run_dir / "x.sqlite", "--since", "2026-13-01")
    assert bad_date.returncode == 64 and "YYYY-MM-DD" in bad_date.stderr, bad_date.stderr


def test_kill_9_under_load_loses_at_most_the_last_batch(proxy_bin, run_dir, fake_upstream):
    ledger = run_dir / "kill9.sqlite"
    child, port = start_serve(proxy_bin, run_dir, "ledger-kill9", fake_upstream.url, {"ledger": {"path": str(ledger)}})
    started = 0
    completed: list[float] = []
    lock = threading.Lock()
    stop = threading.Event()

    def load(worker: int) -> None:
        nonlocal started
        with httpx.Client(timeout=10, trust_env=False) as http:
            index = 0
            while not stop.is_set():
                with lock:
                    started += 1
                try:
                    response = _chat(http, port, f"kill9 worker {worker} request {index}", stream=index % 2 == 1)
                    if response.status_code == 200:
                        with lock:
                            completed.append(time.monotonic())
                except httpx.HTTPError:
                    pass
                index += 1

    threads = [threading.Thread(target=load, args=(worker,), daemon=True) for worker in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(3)  # the load runs for a while: several batches are written before the kill
    child.stopped = True
    child.proc.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    child.proc.wait(timeout=10)
    child.stop()

    report = _usage(proxy_bin, run_dir, ledger, "--json", "--since", "2000-01-01")
    assert report.returncode == 0, report.stderr
    recorded = json.loads(report.stdout)["total"]["requests"]
    with lock:
        safely_before = sum(1 for t in completed if t < killed_at - 1.0)
        total_completed = len(completed)
    assert total_completed > 50, f"the load did not run ({total_completed} requests completed)"
    assert recorded >= safely_before, (
        f"{recorded} rows, but {safely_before} requests had completed more than 1 s before kill -9")
    assert recorded <= started, (recorded, started)


def test_a_spent_budget_refuses_with_429_and_shows_in_health_and_usage(proxy_bin, run_dir, fake_upstream):
    ledger = run_dir / "budget.sqlite"
    config = {
        "ledger": {"path": str(ledger)},
        "budgets": [
            {"name": "tiny", "scope": "global", "period": "day", "usd": 0.0001, "action": "refuse"},
            {"name": "watch", "scope": "client:nobody", "period": "month", "usd": 5, "action": "warn"},
        ],
    }
    child, port = start_serve(proxy_bin, run_dir, "ledger-budget", fake_upstream.url, config)
    with httpx.Client(timeout=30, trust_env=False) as http:
        assert _chat(http, port, "spend a little").status_code == 200
        refused = _chat(http, port, "one too many")
        health = http.get(f"http://127.0.0.1:{port}/health").json()
    assert refused.status_code == 429, refused.text
    assert refused.headers.get("x-should-retry") == "false", refused.headers
    error = refused.json()["error"]
    assert error["type"] == "insufficient_quota" and "'tiny'" in error["message"] and "resets" in error["message"], error
    tiny = next(budget for budget in health["budgets"] if budget["name"] == "tiny")
    assert tiny["level"] == "spent" and tiny["spent_usd"] > 0.0001, health["budgets"]

    config_path = str(run_dir / "ledger-budget.config.json")
    deadline = time.monotonic() + 5
    while True:
        shown = _usage(proxy_bin, run_dir, ledger, "--json", "--today", "--config", config_path)
        assert shown.returncode == 0, shown.stderr
        budgets = {budget["name"]: budget for budget in json.loads(shown.stdout)["budgets"]}
        if budgets["tiny"]["level"] == "spent" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert budgets["tiny"]["level"] == "spent" and budgets["tiny"]["action"] == "refuse", budgets
    assert budgets["watch"]["level"] == "ok" and budgets["watch"]["spent_usd"] == 0, budgets
    table = _usage(proxy_bin, run_dir, ledger, "--today", "--config", config_path).stdout
    assert "budgets (their current periods)" in table, table
    row = next(line for line in table.splitlines() if line.startswith("tiny"))
    assert row.split()[1:3] == ["global", "day"] and "spent" in row.split(), table
    child.stop()
