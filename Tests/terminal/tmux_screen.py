"""A terminal for tests: runs a command in a private tmux server and reads the screen back."""

import os
import shlex
import subprocess
import time
import uuid


class TmuxScreen:
    """One tmux session on its own socket, so tests never touch the user's tmux."""

    def __init__(self, command, width=100, height=30, env=None, cwd=None):
        self.socket = f"cp-test-{uuid.uuid4().hex[:10]}"
        self.session = "dash"
        environment = dict(os.environ)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        environment.setdefault("TERM", "xterm-256color")
        environment.pop("TMUX", None)
        # After the program exits, the pane reports its status and the terminal settings it left.
        script = (
            f"trap : INT; {command}; echo \"EXIT=$?\"; stty -a | tr -s ' \\n' ' ' | "
            "grep -o -e '-icanon' -e ' icanon' -e '-echo ' -e ' echo ' | tr '\\n' ' '; echo STTY-END; exec sleep 600"
        )
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height),
            "sh", "-c", script, env=environment, cwd=cwd,
        )
        self._tmux("set-option", "-t", self.session, "status", "off")

    def _tmux(self, *args, env=None, cwd=None, check=True):
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], env=env, cwd=cwd, check=check,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def capture(self, escapes=False, history=False):
        args = ["capture-pane", "-p", "-t", self.session]
        if escapes:
            args.insert(2, "-e")
        if history:
            args += ["-S", "-5000"]
        return self._tmux(*args).stdout

    def lines(self):
        return self.capture().split("\n")

    def send(self, *keys):
        """tmux key names: 'Tab', 'Enter', 'Escape', 'Up', 'C-c', or literal text."""
        for key in keys:
            self._tmux("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def resize(self, width, height):
        self._tmux("resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

    def info(self, fmt):
        return self._tmux("display-message", "-p", "-t", self.session, fmt).stdout.strip()

    def wait_for(self, predicate, timeout=20.0, what="condition"):
        deadline = time.time() + timeout
        screen = ""
        while time.time() < deadline:
            screen = self.capture()
            if predicate(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen}")

    def wait_for_text(self, text, timeout=20.0):
        return self.wait_for(lambda screen: text in screen, timeout, what=repr(text))

    def program_pid(self):
        """The pid of the program under the pane's `sh -c`."""
        shell = int(self.info("#{pane_pid}"))
        out = subprocess.run(["pgrep", "-P", str(shell)], stdout=subprocess.PIPE, text=True).stdout.split()
        for pid in out:
            try:
                with open(f"/proc/{pid}/comm") as handle:
                    if "sleep" not in handle.read():
                        return int(pid)
            except FileNotFoundError:
                continue
        return None

    def wait_for_exit(self, timeout=40.0):
        """Waits for the program to end; returns (exit status, terminal settings it left)."""
        screen = self.wait_for(lambda s: "STTY-END" in s, timeout, what="the program to exit")
        status = None
        settings = ""
        for line in screen.split("\n"):
            if line.startswith("EXIT="):
                status = int(line[5:])
            if "STTY-END" in line:
                settings = line
        return status, settings, screen

    def close(self):
        self._tmux("kill-server", check=False)


def quote(args):
    return " ".join(shlex.quote(str(arg)) for arg in args)
