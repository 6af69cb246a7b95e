"""The README's first conversation, replayed as a newcomer would: `make run`'s own command on a
fresh database, the typed lines fed in, and every printed line compared."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.kit.cli import Ran, run_cli

ROOT = Path(__file__).resolve().parents[2]


def _transcript() -> tuple[list[str], list[str]]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## A first conversation", 1)[1]
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    typed = [line[2:] for line in block.splitlines() if line.startswith("> ")]
    shown = [line for line in block.splitlines() if not line.startswith("> ")]
    return typed, shown


def _make_run_args() -> list[str]:
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r"^run:.*\n\t\$\(BIN\)/huddlebot (run[^\n]*)$", makefile, re.MULTILINE)
    assert found, "make run no longer runs huddlebot run"
    return found.group(1).split()


def _console(args: list[str], typed: list[str], tmp_path: Path) -> Ran:
    """`make run`'s command in this process, with no platform configured and a new database."""
    env: dict[str, str | None] = {
        key: None for key in os.environ if key.startswith(("SLACK_", "TEAMS_", "HUDDLEBOT_"))
    }
    return run_cli(
        f"sqlite:///{tmp_path / 'huddlebot.db'}",
        *args,
        stdin="\n".join(typed) + "\n",
        env=env,
        cwd=tmp_path,
    )


def test_the_readmes_first_conversation_is_what_make_run_shows(tmp_path: Path) -> None:
    typed, shown = _transcript()
    assert typed and shown
    result = _console(_make_run_args(), typed, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == shown
    assert "not sent" not in result.stdout and "no slack adapter" not in result.stderr


def test_a_week_passes_in_seconds_with_each_new_day_shown(tmp_path: Path) -> None:
    result = _console(_make_run_args(), [":advance 7d"], tmp_path)
    assert result.returncode == 0, result.stderr
    days = [line for line in result.stderr.splitlines() if line.startswith("… ")]
    assert days == [
        "… Tue 2 Mar 2027",
        "… Wed 3 Mar 2027",
        "… Thu 4 Mar 2027",
        "… Fri 5 Mar 2027",
        "… Sat 6 Mar 2027",
        "… Sun 7 Mar 2027",
        "… Mon 8 Mar 2027",
    ]
    assert result.stdout.count("Ward 7 huddle, ") == 7  # every morning's prompt, once
    assert "not sent" not in result.stdout  # how fast: bench/console_bench.py
