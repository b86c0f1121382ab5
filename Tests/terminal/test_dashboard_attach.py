"""`dashboard --attach` against a `serve` running in the background, and the dashboard's idle CPU."""

import json
import os
import re
import subprocess
import time
import urllib.request

from tmux_screen import TmuxScreen, quote


class Server:
    """`claude-proxy serve --demo` in the background, logging to a file."""

    def __init__(self, binary, env, port, log_path):
        self.binary, self.env, self.port, self.log_path = binary, env, port, log_path
        self.process = None

    def start(self):
        environment = {k: v for k, v in os.environ.items()}
        for name, value in self.env.items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--demo", "--port", str(self.port)], env=environment,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError("serve did not come up; log:\n" + open(self.log_path).read())

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def healthy(self):
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def chat(self, content, stream=True):
        body = json.dumps({"model": "sonnet", "stream": stream, "messages": [{"role": "user", "content": content}]})
        request = urllib.request.Request(
            f"{self.url}/v1/chat/completions", data=body.encode(),
            headers={"Content-Type": "application/json", "Authorization": "Bearer any"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()


def process_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf(os.sysconf_names["SC_CLK_TCK"])
    return (int(fields[11]) + int(fields[12])) / ticks


def test_attach_follows_a_running_serve_reconnects_and_leaves_it_running(binary, isolated_env, free_port, tmp_path):
    server = Server(binary, isolated_env, free_port, tmp_path / "serve.log").start()
    screen = TmuxScreen(quote([binary, "dashboard", "--attach", server.url]), 120, 40, env=isolated_env)
    try:
        screen.wait_for_text(f"attached {server.url}")
        # The snapshot fills the screen at once: the credential is there before any request.
        screen.wait_for_text("expires in", 15)
        server.chat("Hello from the attach test")
        screen.wait_for(lambda s: re.search(r"sonnet.*(streaming|done|error)", s), 20, "the request's row")

        screen.send("f")
        screen.wait_for(lambda s: "refresh" in s and "demo" in s, 10, "the refresh result")
        screen.send("r")
        screen.wait_for(lambda s: "reload" in s, 10, "the reload result")

        server.stop()
        screen.wait_for_text("DISCONNECTED", 15)
        server.start()
        screen.wait_for_text("reconnected to the proxy", 20)

        screen.send("q")
        status, settings, final = screen.wait_for_exit(15)
        assert status == 0
        assert " icanon" in settings and " echo " in settings
        assert "keeps running" in final
        assert server.healthy(), "quitting the attached dashboard must leave the service running"
    finally:
        screen.close()
        server.stop()


def test_attach_across_a_service_restart_shows_the_new_instances_requests(binary, isolated_env, free_port, tmp_path):
    server = Server(binary, isolated_env, free_port, tmp_path / "serve.log").start()
    screen = TmuxScreen(quote([binary, "dashboard", "--attach", server.url]), 120, 40, env=isolated_env)
    try:
        screen.wait_for_text(f"attached {server.url}")
        server.chat("First before the restart", stream=False)
        server.chat("Second before the restart", stream=False)
        screen.wait_for_text("Requests (2)", 20)

        server.stop()
        screen.wait_for_text("DISCONNECTED", 15)
        server.start()
        # Served by the new process, possibly before the dashboard is back: it must still appear.
        server.chat("After the restart", stream=False)
        screen.wait_for_text("service restarted", 20)
        screen.wait_for(lambda s: "Requests (1)" in s and re.search(r"sonnet.*done", s), 20, "the new instance's request")
        text = screen.capture()
        # The events pane keeps the old lines with the marker; the header counts the new instance only.
        assert "reconnected to the proxy" in text or "attached to the proxy" in text

        screen.send("q")
        status, _, _ = screen.wait_for_exit(15)
        assert status == 0
    finally:
        screen.close()
        server.stop()


def test_idle_dashboard_uses_almost_no_cpu(binary, isolated_env, free_port, tmp_path):
    seconds = float(os.environ.get("IDLE_SECONDS", "30"))
    server = Server(binary, isolated_env, free_port, tmp_path / "serve.log").start()
    screen = TmuxScreen(quote([binary, "dashboard", "--attach", server.url]), 120, 40, env=isolated_env)
    try:
        screen.wait_for_text("expires in", 15)
        pid = screen.program_pid()
        time.sleep(2)
        before = process_cpu_seconds(pid)
        time.sleep(seconds)
        used = process_cpu_seconds(pid) - before
        percent = 100 * used / seconds
        report = f"idle dashboard CPU: {percent:.2f}% of one core over {seconds:.0f} s ({used:.2f} s CPU)"
        print(report)
        with open(tmp_path.parent / "idle-cpu.txt", "w") as handle:
            handle.write(report + "\n")
        assert percent < 3.0, report
    finally:
        screen.close()
        server.stop()
