"""Session fixtures for the real-client tests.

Starts `claude-proxy fake-upstream --port 0` (a simulated Anthropic API) and
`claude-proxy serve` pointed at it, then drives the proxy with the official
`openai` SDK. Everything runs on 127.0.0.1 and is torn down at the end.

Binary: $CLAUDE_PROXY_BIN, else `swift build --show-bin-path`/claude-proxy.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import httpx
import openai
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
UPSTREAM_KEY = "sk-ant-api03-client-tests-not-a-real-key"
CLIENT_KEY_OPEN = "no-key-needed"

# Environment variables that would make a test proxy depend on the machine it
# runs on; they are removed from the children's environment.
_SCRUBBED_ENV = (
    "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_PROXY_API_KEYS",
    "CLAUDE_PROXY_CONFIG", "CLAUDE_PROXY_LOG_LEVEL", "HOST", "PORT", "OPENAI_API_KEY", "OPENAI_BASE_URL",
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
)


# --------------------------------------------------------------------------- processes


class Child:
    """A child process whose output is drained into a log file (and kept in memory)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.args = args
        self.stopped = False
        self.log_path = log_dir / f"{name}.log"
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._log = open(self.log_path, "w", encoding="utf-8", buffering=1)
        self.proc = subprocess.Popen(
            args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", errors="replace", bufsize=1,
        )
        self._threads = [
            threading.Thread(target=self._drain, args=(self.proc.stdout, "out"), daemon=True),
            threading.Thread(target=self._drain, args=(self.proc.stderr, "err"), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _drain(self, stream: Any, tag: str) -> None:
        for line in stream:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                try:
                    self._log.write(f"[{tag}] {line}")
                except ValueError:  # log closed during teardown
                    pass
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for_line(self, pattern: str, timeout: float) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for line in self.lines[seen:]:
                    match = regex.search(line)
                    if match:
                        return match
                seen = len(self.lines)
                if self.proc.poll() is not None:
                    raise RuntimeError(
                        f"{self.name} exited with status {self.proc.returncode} before printing /{pattern}/:\n"
                        + self.tail())
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self.name}: no line matching /{pattern}/ within {timeout}s:\n" + self.tail())
                self._cond.wait(min(remaining, 0.2))

    def tail(self, count: int = 40) -> str:
        with self._lock:
            return "\n".join(self.lines[-count:])

    def stop(self) -> None:
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        for thread in self._threads:
            thread.join(timeout=2)
        self._log.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _child_env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
    # A private HOME/XDG so a developer's ~/.config/claude-proxy never leaks into the tests.
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_STATE_HOME"] = str(home / ".local" / "state")  # the usage ledger
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env.update(extra)
    return env


# --------------------------------------------------------------------------- fake upstream


class FakeUpstream:
    def __init__(self, child: Child, port: int) -> None:
        self.child = child
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.http = httpx.Client(base_url=self.url, timeout=10, trust_env=False)

    def requests(self) -> list[dict[str, Any]]:
        response = self.http.get("/_fake/requests")
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self.http.delete("/_fake/requests").raise_for_status()

    def stats(self) -> dict[str, int]:
        response = self.http.get("/_fake/stats")
        response.raise_for_status()
        return response.json()

    def messages_posts(self, marker: str | None = None) -> list[dict[str, Any]]:
        """POST /v1/messages requests received, optionally only those whose body mentions `marker`."""
        posts = [r for r in self.requests() if r.get("method") == "POST" and r.get("path", "").split("?")[0] == "/v1/messages"]
        if marker is not None:
            posts = [r for r in posts if marker in json.dumps(r.get("body"))]
        return posts

    def last_body(self, marker: str | None = None) -> dict[str, Any]:
        posts = self.messages_posts(marker)
        assert posts, f"the fake upstream received no POST /v1/messages (marker={marker!r}); got {self.requests()!r}"
        body = posts[-1]["body"]
        assert isinstance(body, dict), f"upstream body was not a JSON object: {body!r}"
        return body


@pytest.fixture(scope="session")
def proxy_bin() -> str:
    configured = os.environ.get("CLAUDE_PROXY_BIN")
    if configured:
        path = Path(configured)
    else:
        out = subprocess.run(
            ["swift", "build", "--show-bin-path"], cwd=REPO_ROOT, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        path = Path(out) / "claude-proxy"
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.exit(f"claude-proxy binary not found at {path}; run `swift build` (or set CLAUDE_PROXY_BIN)", returncode=2)
    return str(path)


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("claude-proxy-clients")
    (path / "home" / ".config").mkdir(parents=True)
    return path


_children: list[Child] = []


@pytest.fixture(scope="session")
def fake_upstream(proxy_bin: str, run_dir: Path):
    child = Child("fake-upstream", [proxy_bin, "fake-upstream", "--port", "0"],
                  _child_env(run_dir / "home", {}), run_dir)
    _children.append(child)
    try:
        match = child.wait_for_line(r"fake-upstream listening on http://127\.0\.0\.1:(\d+)", timeout=30)
        fake = FakeUpstream(child, int(match.group(1)))
        yield fake
        fake.http.close()
    finally:
        child.stop()


@pytest.fixture()
def fake(fake_upstream: FakeUpstream) -> FakeUpstream:
    """The fake upstream with its request log cleared for this test."""
    fake_upstream.reset()
    return fake_upstream


# --------------------------------------------------------------------------- proxies


class Proxy:
    def __init__(self, child: Child, port: int, client_key: str = CLIENT_KEY_OPEN) -> None:
        self.child = child
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.base_url = self.url + "/v1"
        self.client_key = client_key

    def client(self, api_key: str | None = None, max_retries: int = 0, **kwargs: Any) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.base_url, api_key=api_key or self.client_key,
                             max_retries=max_retries, timeout=kwargs.pop("timeout", 30), **kwargs)

    def http(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=kwargs.pop("timeout", 30), trust_env=False, **kwargs)


# Fast retries so the 529 tests do not spend seconds backing off.
FAST_RETRIES = {"maxRetries": 2, "initialBackoffMs": 20, "maxBackoffMs": 100}


@pytest.fixture(scope="session")
def start_proxy(proxy_bin: str, run_dir: Path, fake_upstream: FakeUpstream) -> Callable[..., Proxy]:
    """Factory: start another `claude-proxy serve` against the fake upstream; stopped at session end."""
    started: list[Child] = []

    def start(name: str, config: dict[str, Any] | None = None, env: dict[str, str] | None = None,
              client_key: str = CLIENT_KEY_OPEN) -> Proxy:
        extra = {"ANTHROPIC_API_KEY": UPSTREAM_KEY, "ANTHROPIC_BASE_URL": fake_upstream.url}
        if config is not None:
            config_path = run_dir / f"{name}.config.json"
            config_path.write_text(json.dumps(config, indent=2))
            config_path.chmod(0o600)
            extra["CLAUDE_PROXY_CONFIG"] = str(config_path)
        extra.update(env or {})
        last_error: Exception | None = None
        for _attempt in range(3):  # a free port can be taken between probing and binding
            port = _free_port()
            child = Child(name, [proxy_bin, "serve", "--port", str(port)],
                          _child_env(run_dir / "home", extra), run_dir)
            started.append(child)
            _children.append(child)
            try:
                _wait_healthy(child, port, timeout=30)
                return Proxy(child, port, client_key)
            except RuntimeError as error:  # exited early (e.g. address in use): try another port
                last_error = error
                child.stop()
        raise RuntimeError(f"could not start proxy {name}: {last_error}")

    yield start
    for child in reversed(started):
        child.stop()


def _wait_healthy(child: Child, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    with httpx.Client(timeout=2, trust_env=False) as http:
        while time.monotonic() < deadline:
            if child.proc.poll() is not None:
                raise RuntimeError(f"{child.name} exited with status {child.proc.returncode}:\n{child.tail()}")
            try:
                response = http.get(f"http://127.0.0.1:{port}/health")
                if response.status_code == 200 and response.json().get("status") == "ok":
                    return
                last = f"{response.status_code} {response.text[:200]}"
            except (httpx.HTTPError, ValueError) as error:
                last = repr(error)
            time.sleep(0.1)
    child.stop()
    raise TimeoutError(f"{child.name}: /health not ok within {timeout}s (last: {last}):\n{child.tail()}")


@pytest.fixture(scope="session")
def proxy(start_proxy: Callable[..., Proxy]) -> Proxy:
    """The default proxy: no client keys, fast retries, otherwise default configuration."""
    return start_proxy("proxy", config={"retries": FAST_RETRIES})


@pytest.fixture()
def client(proxy: Proxy) -> openai.OpenAI:
    return proxy.client()


@pytest.fixture()
def marker() -> str:
    """A unique string to put in a prompt, to find this test's requests in the fake's log."""
    return f"m-{uuid.uuid4().hex[:12]}"


# --------------------------------------------------------------------------- reporting


@pytest.fixture(autouse=True)
def _children_survive():
    """Fails the test during which a proxy or the fake upstream died (a crash), with its log."""
    yield
    for child in _children:
        if not child.stopped and child.proc.poll() is not None:
            child.stopped = True  # report once
            pytest.fail(f"{child.name} exited with status {child.proc.returncode} during this test:\n{child.tail(60)}",
                        pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when in ("setup", "call"):
        for child in _children:
            report.sections.append((f"{child.name} log tail ({child.log_path})", child.tail(25)))
