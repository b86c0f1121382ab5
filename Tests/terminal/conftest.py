import os
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _binary():
    explicit = os.environ.get("CLAUDE_PROXY_BIN")
    if explicit:
        return explicit
    bin_path = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True
    ).stdout.strip()
    return str(Path(bin_path) / "claude-proxy")


@pytest.fixture(scope="session")
def binary():
    path = _binary()
    if not os.access(path, os.X_OK):
        pytest.fail(f"no claude-proxy binary at {path} (build first, or set CLAUDE_PROXY_BIN)")
    return path


@pytest.fixture
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def isolated_env():
    """A home with no configuration or credentials, so the binary starts in a known state."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            "HOME": home,
            "XDG_CONFIG_HOME": f"{home}/.config",
            "XDG_STATE_HOME": f"{home}/.local/state",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        for name in ("CLAUDE_PROXY_CONFIG", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "CLAUDE_PROXY_API_KEYS", "PORT", "HOST", "NO_COLOR"):
            env[name] = None
        yield env
