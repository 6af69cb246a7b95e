"""The installed `huddlebot` program itself: it starts, helps, and ends with the exit code a
script can test. Other tests run the commands in their own process (tests/kit/cli.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.kit.cli import run_cli

PROGRAM = Path(sys.executable).parent / "huddlebot"  # what `pip install` put beside python


def test_the_installed_program_helps_and_an_unknown_command_exits_2() -> None:
    helped = subprocess.run([PROGRAM, "--help"], capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: huddlebot")
    assert "  config " in helped.stdout and "  spc " in helped.stdout
    unknown = subprocess.run([PROGRAM, "frobnicate"], capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2
    assert "unknown command 'frobnicate'" in unknown.stderr and unknown.stdout == ""


def test_in_this_process_the_same_help_and_codes() -> None:
    assert run_cli(None, "--help").stdout.startswith("usage: huddlebot")
    assert run_cli(None, "frobnicate").returncode == 2
    wrong = run_cli(None, "config", "apply")  # argparse: a missing argument
    assert wrong.returncode == 2 and "the following arguments are required" in wrong.stderr
