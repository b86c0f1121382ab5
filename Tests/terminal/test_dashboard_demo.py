"""The real dashboard in --demo under tmux: panes, live rows, every key, resize, clean exits."""

import os
import re
import signal
import time

from tmux_screen import TmuxScreen, quote


def start_demo(binary, env, port, width=120, height=40):
    return TmuxScreen(quote([binary, "dashboard", "--demo", "--port", port]), width, height, env=env)


def assert_restored(status, settings, expected_status=0):
    assert status == expected_status, f"exit status {status}"
    # Canonical mode and echo are back on, i.e. the shell is usable again.
    assert " icanon" in settings and " echo " in settings, settings


def test_demo_shows_all_panes_and_live_traffic(binary, isolated_env, free_port):
    screen = start_demo(binary, isolated_env, free_port)
    try:
        screen.wait_for_text("DEMO")
        for pane in ("Requests (", "Live", "Credentials", "Events"):
            screen.wait_for_text(pane)
        # Demo traffic streams in, a credential counts down, and a retry and an error show up.
        screen.wait_for(lambda s: re.search(r"\d\d:\d\d:\d\d .*(streaming|done)", s), 30, "a live request row")
        screen.wait_for_text("expires in", 30)
        screen.wait_for(lambda s: "error" in s and "400" in s, 60, "the demo's 400 error")
        screen.wait_for(lambda s: "retry" in s, 60, "the demo's retry")
        assert screen.info("#{alternate_on}") == "1"
    finally:
        screen.close()


def test_keys_resize_and_quit_restore_the_terminal(binary, isolated_env, free_port):
    screen = start_demo(binary, isolated_env, free_port, 80, 24)
    try:
        screen.wait_for(lambda s: re.search(r"\d\d:\d\d:\d\d .*(streaming|done)", s), 30, "a live request row")
        # 80x24: lower panes collapse; Tab opens them one by one.
        screen.wait_for_text(" Credentials: ")
        screen.send("Tab", "Tab")
        screen.wait_for(lambda s: "─ Credentials" in s and " Live: " in s, 5, "credentials opened, live collapsed")
        screen.send("Tab")
        screen.wait_for(lambda s: "─ Events" in s, 5, "events opened")
        screen.send("Tab")

        screen.send("Enter")
        screen.wait_for_text("Inspector cp_")
        screen.wait_for_text("timings")
        screen.send("Escape")
        screen.wait_for(lambda s: "Requests (" in s and "Inspector" not in s, 5, "back to the overview")

        screen.send("?")
        screen.wait_for_text("force-refresh credentials")
        screen.send("Escape")
        screen.wait_for(lambda s: "force-refresh" not in s, 5, "help closed")

        screen.send("f")
        screen.wait_for_text("demo credential refreshed", 10)
        screen.send("r")
        screen.wait_for(lambda s: "reload" in s.lower() and ("configuration" in s or "config" in s), 10, "reload result")

        screen.resize(120, 40)
        screen.wait_for(lambda s: len(s.split("\n")[2].rstrip()) == 120 and "─ Events" in s, 5, "120x40 layout")
        screen.resize(80, 24)
        screen.wait_for(lambda s: len(s.split("\n")[2].rstrip()) == 80, 5, "80x24 layout")

        screen.send("q")
        time.sleep(0.5)
        if "Quit and let" in screen.capture():
            screen.send("y")
        status, settings, final = screen.wait_for_exit(45)
        assert_restored(status, settings)
        assert "claude-proxy: stopped" in final
        assert screen.info("#{alternate_on}") == "0"
    finally:
        screen.close()


def test_sigterm_drains_and_restores_the_terminal(binary, isolated_env, free_port):
    screen = start_demo(binary, isolated_env, free_port, 100, 30)
    try:
        screen.wait_for_text("Requests (")
        pid = screen.program_pid()
        assert pid
        os.kill(pid, signal.SIGTERM)
        status, settings, _ = screen.wait_for_exit(45)
        assert_restored(status, settings)
    finally:
        screen.close()


def test_ctrl_c_quits_and_restores_the_terminal(binary, isolated_env, free_port):
    screen = start_demo(binary, isolated_env, free_port, 100, 30)
    try:
        screen.wait_for_text("Requests (")
        screen.send("C-c")
        status, settings, _ = screen.wait_for_exit(45)
        assert_restored(status, settings)
    finally:
        screen.close()


def test_a_crash_restores_the_terminal(binary, isolated_env, free_port):
    # The Swift runtime's backtracer still runs after the terminal is restored; keep it from waiting for a key.
    env = dict(isolated_env, SWIFT_BACKTRACE="interactive=no")
    screen = start_demo(binary, env, free_port, 100, 30)
    try:
        screen.wait_for_text("Requests (")
        os.kill(screen.program_pid(), signal.SIGSEGV)
        status, settings, final = screen.wait_for_exit(20)
        assert_restored(status, settings, expected_status=128 + signal.SIGSEGV)
        assert "the dashboard crashed" in screen.capture(history=True)
    finally:
        screen.close()


def test_nothing_but_the_dashboard_reaches_the_screen(binary, isolated_env, free_port):
    """Logs go to a file: no log-line shapes on screen, even while demo traffic (and its errors) flows."""
    screen = start_demo(binary, isolated_env, free_port, 120, 40)
    try:
        screen.wait_for(lambda s: "error" in s and "400" in s, 60, "the demo's 400 error")
        text = screen.capture()
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), text
        assert "[claude-proxy]" not in text and "notice" not in text.lower(), text
    finally:
        screen.close()
