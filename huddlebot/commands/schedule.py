"""`huddlebot schedule preview --team ward-7 --from 2027-03-26 --days 5 [--json] [--all]`:
a team's coming huddles on local time, with UTC and whether each runs or is skipped."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from bot.db import DEFAULT_URL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huddlebot schedule", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    show = sub.add_parser("preview", help="list a team's coming occurrences")
    show.add_argument("--team", required=True, help="the team's key, e.g. ward-7")
    show.add_argument(
        "--from",
        dest="first",
        type=date.fromisoformat,
        default=None,
        help="first local date (YYYY-MM-DD); default today",
    )
    show.add_argument("--days", type=int, default=7, help="how many days (default 7)")
    show.add_argument("--all", action="store_true", help="also reminders and weekly items")
    show.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.days < 1 or args.days > 366:
        print("huddlebot schedule: --days must be between 1 and 366", file=sys.stderr)
        return 2
    from bot.db import Database
    from bot.schedule.preview import as_json_row, as_line, preview
    from huddlebot.migrate import upgrade
    from scheduler.plans import plan_by_key

    db = Database(os.environ.get("HUDDLEBOT_DATABASE_URL", DEFAULT_URL))
    try:
        upgrade(db)
        with db.session() as session:
            plan = plan_by_key(session, args.team)
    finally:
        db.dispose()
    if plan is None:
        print(f"huddlebot schedule: no team with key {args.team!r}", file=sys.stderr)
        return 1
    first = args.first or date.today()
    kinds = () if args.all else ("huddle.prompt",)
    found = preview(plan, first, args.days, kinds=kinds)
    if args.json:
        print(json.dumps([as_json_row(plan, o, with_kind=args.all) for o in found], indent=2))
    elif not found:
        print(f"{plan.team_key}: nothing scheduled in those {args.days} days")
    else:
        print("\n".join(as_line(plan, o) for o in found))
    return 0
