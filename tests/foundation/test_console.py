"""The console, as a newcomer uses it: the demo, /help, controls, end of input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.cli import Ran, run_cli

ROOT = Path(__file__).resolve().parents[2]


def run(database_url: str, args: list[str], stdin: str = "", cwd: Path = ROOT) -> Ran:
    """`huddlebot ARGS` in this process (the chat command as its own process:
    tests/huddle/test_huddle_console.py)."""
    return run_cli(database_url, *args, stdin=stdin, cwd=cwd)


@pytest.fixture
def demo_url(database_url: str) -> str:
    result = run(database_url, ["demo"])
    assert result.returncode == 0, result.stderr
    return database_url


def test_help_lists_the_three_commands_one_line_each(demo_url: str) -> None:
    result = run(demo_url, ["chat", "--team", "ward-7", "--user", "Demo Nurse"], "/help\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[@Demo Nurse]"
    for command in ("/huddle", "/idea", "/visit"):
        assert len([line for line in lines if line.startswith(command + " ")]) == 1


def test_unknown_command_gets_short_help_and_controls_work(demo_url: str) -> None:
    script = "/frobnicate\n:team nowhere\n:user Demo Lead\n/huddle link ward-7\n:quit\n/help\n"
    result = run(demo_url, ["chat", "--team", "ward-7", "--user", "Demo Nurse"], script)
    assert result.returncode == 0
    out = result.stdout
    assert "I don't know the command /frobnicate." in out
    assert "No team with key 'nowhere'." in out
    # Switched to the team lead, who may link: Ward 7's own channel is already linked.
    assert "[@Demo Lead]\nThis conversation is already Ward 7's huddle channel." in out
    assert out.count("Here is what I can do") == 1  # nothing read after :quit


def test_a_stranger_is_told_whom_to_ask(demo_url: str) -> None:
    result = run(
        demo_url, ["chat", "--team", "ward-7", "--user", "Somebody New"], "/huddle link ward-7\n"
    )
    assert "[@Somebody New]" in result.stdout
    assert "Please ask Demo Admin to add you" in result.stdout


def test_unknown_team_exits_with_advice(demo_url: str) -> None:
    result = run(demo_url, ["chat", "--team", "ward-99", "--user", "Demo Nurse"], "")
    assert result.returncode == 2
    assert "No team with key 'ward-99'" in result.stderr
