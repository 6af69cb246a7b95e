"""`huddlebot chat --team KEY --user NAME [--out DIR]`: talk to Huddlebot in the terminal, in a
team's channel (or `--division KEY`: a division's, `--trust`: the trust's)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huddlebot.settings import Settings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot chat", description=__doc__)
    place = parser.add_mutually_exclusive_group(required=True)
    place.add_argument("--team", help="the team's key, e.g. ward-7")
    place.add_argument("--division", help="a division's channel (tier 2), e.g. medicine")
    place.add_argument("--trust", action="store_true", help="the trust's channel (tier 3)")
    parser.add_argument("--user", required=True, help='who you are, e.g. "Demo Nurse"')
    parser.add_argument("--out", default="huddlebot-out", help="where charts are saved")
    parser.add_argument("--now", help="start the simulated local clock, e.g. 2027-03-01T08:29")
    args = parser.parse_args(argv)

    from huddlebot.logs import logging_set_up
    from huddlebot.settings import Settings

    settings = Settings.from_env()
    with logging_set_up(settings):
        return _chat(args, settings)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.console import ConsolePlatform, ConsoleSession
    from huddlebot.bootstrap import build
    from huddlebot.console_loop import ManualClock, chat

    channel = args.team or args.division or "trust"
    session = ConsoleSession(user=args.user, team=channel)
    if args.now and session.set_local(args.now):
        print(f"--now: not a date and time: {args.now!r}", file=sys.stderr)
        return 2
    runtime = build(settings, clock=ManualClock(session))
    console = ConsolePlatform(out=sys.stdout, out_dir=Path(args.out))
    runtime.platforms["console"] = console
    runtime.bot.platforms = frozenset({"console"})  # Slack/Teams ids in the config stay unused
    try:
        return chat(runtime, session, sys.stdin, sys.stdout, console)
    finally:
        runtime.db.dispose()
