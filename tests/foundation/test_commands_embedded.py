"""Every command can run inside another program: it ends with its exit code and leaves the
process as it found it (run_cli fails a command that leaves logging set up, an engine or an
event loop open, threads running, signal handlers or the thread switch interval changed)."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from fakes.server_process import free_port
from tests.kit.cli import run_cli

COMMANDS = [
    ["db", "upgrade"],
    ["db", "current"],
    ["config", "export"],
    ["schedule", "preview", "--team", "ward-7", "--from", "2027-03-26", "--days", "2"],
    ["outbox", "--json"],
    ["export", "ideas", "--csv", "{out}/ideas.csv"],
    ["visits", "coverage"],
    ["token", "list"],
    ["purge", "--dry-run"],
    ["slack", "manifest"],
    ["teams", "package", "--app-id", "00000000-0000-4000-8000-000000000001", "--out", "{out}/t"],
    ["report", "--as-of", "2027-03-01", "--division", "medicine", "--out", "{out}/pack",
     "--workers", "1"],  # a chart-drawing process, started and stopped
]  # fmt: skip


def test_every_command_leaves_the_process_as_it_found_it(database_url: str, tmp_path: Path) -> None:
    assert run_cli(database_url, "demo", "--today", "2027-03-01").returncode == 0
    codes = {}
    for args in COMMANDS:
        done = run_cli(database_url, *(a.replace("{out}", str(tmp_path)) for a in args))
        codes[" ".join(args[:2])] = (done.returncode, done.stderr[-300:])
    assert {name: code for name, (code, _) in codes.items() if code != 0} == {}, codes
    assert (tmp_path / "ideas.csv").exists() and any((tmp_path / "pack").iterdir())


def test_the_server_gives_back_the_signal_handlers_it_took(
    database_url: str,
) -> None:
    """`huddlebot run` listens for SIGTERM while it serves, and afterwards the program that ran
    it has its own handler again."""
    port = free_port()
    mine = signal.signal(signal.SIGTERM, _ours)
    ended = threading.Event()
    stopper = threading.Thread(target=_stop_when_healthy, args=(port, ended), daemon=True)
    stopper.start()
    try:
        done = run_cli(
            database_url,
            *("run", "--role", "web", "--port", str(port)),
            env={
                **AMBIENT,
                "HUDDLEBOT_INSECURE_DEV": "1",
                "TEAMS_APP_ID": APP_ID,
                "TEAMS_APP_PASSWORD": "x",
            },
        )
        assert done.returncode == 0, done.stderr[-800:]
        assert signal.getsignal(signal.SIGTERM) is _ours
    finally:
        ended.set()
        stopper.join(timeout=60)
        signal.signal(signal.SIGTERM, mine)


APP_ID = "11111111-2222-4333-8444-555555555555"
AMBIENT: dict[str, str | None] = {  # no platform but the one the test turns on
    key: None for key in os.environ if key.startswith(("SLACK_", "TEAMS_", "HUDDLEBOT_"))
}


def _ours(signum: int, frame: object) -> None:
    raise AssertionError("the server's own SIGTERM handler should have had it")


def _stop_when_healthy(port: int, ended: threading.Event) -> None:
    """SIGTERM to this process once the server answers, as a process manager stops it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not ended.is_set():
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
        except urllib.error.HTTPError:
            pass  # it answers: up, healthy or not
        except OSError:
            ended.wait(0.1)
            continue
        os.kill(os.getpid(), signal.SIGTERM)
        return
