"""Every command can run inside another program: it ends with its exit code and leaves the
process as it found it (run_cli fails a command that leaves logging set up, an engine or an
event loop open, threads running, signal handlers or the thread switch interval changed)."""

from __future__ import annotations

from pathlib import Path

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
