"""`huddlebot run`: start what is configured. With no platform configured: the console for the
first team, with the scheduler, on the default SQLite database (the demo trust if it is empty)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huddlebot.settings import Settings

ROLES = ("all", "web", "worker", "scheduler")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot run", description=__doc__)
    parser.add_argument(
        "--role",
        choices=ROLES,
        default="all",
        help="web: Slack/Teams requests; worker: delivery and charts; "
        "scheduler: ticks; all: everything (default)",
    )
    parser.add_argument("--now", help="start the clock at this local time, e.g. 2027-03-01T08:29")
    parser.add_argument("--log-json", action="store_true", help="structured JSON log lines")
    parser.add_argument("--port", type=int, help="HTTP port (default HUDDLEBOT_PORT or 3978)")
    parser.add_argument("--user", help="console only: who is typing (default: a team member)")
    args = parser.parse_args(argv)

    import dataclasses

    from huddlebot.logs import logging_set_up
    from huddlebot.settings import Settings

    settings = Settings.from_env()
    if args.log_json:
        settings = dataclasses.replace(settings, log_json=True)
    if args.port:
        settings = dataclasses.replace(settings, port=args.port)
    with logging_set_up(settings):
        return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    import os

    problems = settings.problems()
    if settings.teams_app_password or settings.teams_tenant_id or settings.teams_enabled:
        from adapters.teams.settings import check_teams_settings

        problem = check_teams_settings(os.environ)
        if problem and problem not in problems:
            problems.append(problem)
    if problems:
        for problem in problems:
            print(f"huddlebot run: {problem}", file=sys.stderr)
        return 2

    from huddlebot.startup import ensure_trust, start_clock

    clock = start_clock(args.now)
    if clock is None:
        print(
            f"huddlebot run: --now {args.now!r} is not a date and time like 2027-03-01T08:29",
            file=sys.stderr,
        )
        return 2
    from huddlebot.bootstrap import build

    runtime = build(settings, clock=clock)
    try:
        ensure_trust(runtime)
        if not (settings.slack_enabled or settings.teams_enabled):
            from huddlebot.startup import run_console

            return run_console(runtime, args.user)
        from huddlebot.server import serve

        return serve(runtime, args.role)
    finally:
        runtime.db.dispose()
