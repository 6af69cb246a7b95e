"""`huddlebot visits`: plan the leadership visit rota (`plan --from 2027-01-04 --weeks 8 [--json]
[--apply [--replace]]`), show coverage for the board (`coverage`), and export the rota as an
iCalendar file (`ics [--leader NAME] > visits.ics`). Each takes `--now` (the trust's local time,
as `huddlebot run --now`). Reads the database in HUDDLEBOT_DATABASE_URL."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from huddlebot.commands.arguments import local_moment
from huddlebot.commands.database import migrated_session


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-01-04") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huddlebot visits", description=__doc__)
    subs = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    plan = subs.add_parser("plan", help="propose a fair rota (and save it with --apply)")
    plan.add_argument("--from", dest="start", type=_day, help="first day (default: next Monday)")
    plan.add_argument("--weeks", type=int, default=8, help="how many weeks (default 8)")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument("--apply", action="store_true", help="save the plan and set reminders")
    plan.add_argument(
        "--replace",
        action="store_true",
        help="with --apply: replace visits already planned (their leaders and teams are told); "
        "without it they are kept and the new plan starts after the last of them",
    )
    coverage = subs.add_parser("coverage", help="each area's last visit, and areas not visited")
    ics = subs.add_parser("ics", help="the rota as an iCalendar file on standard output")
    ics.add_argument("--leader", default="", help="only this leader's visits")
    for sub in (plan, coverage, ics):
        sub.add_argument("--now", type=local_moment, help="local time, e.g. 2027-03-01T08:29")
    return parser


def _with_trust(work: Callable[[Any, Any, Any], int]) -> int:
    """Open the database, find the trust and its visit set-up, and run `work` with the visits
    store, in one session."""
    from bot.visits.setup import NO_SETUP, load_setup
    from bot.visits.store import Visits

    with migrated_session() as session:
        visits = Visits(session)
        trust = visits.first_trust()
        setup = load_setup(visits, trust) if trust is not None else None
        if trust is None or setup is None:
            print(f"huddlebot visits: {NO_SETUP}", file=sys.stderr)
            return 1
        return work(visits, trust, setup)


def _now(args: argparse.Namespace, trust: Any) -> datetime:
    """`--now` read in the trust's zone (or the real clock), as an aware UTC moment."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(trust.timezone)
    given = args.now
    if given is None:
        return datetime.now(UTC)
    return (given if given.tzinfo else given.replace(tzinfo=zone)).astimezone(UTC)


def _today(args: argparse.Namespace, trust: Any) -> date:
    from zoneinfo import ZoneInfo

    return _now(args, trust).astimezone(ZoneInfo(trust.timezone)).date()


def _plan(args: argparse.Namespace) -> int:
    if args.weeks < 1 or args.weeks > 104:
        print("huddlebot visits: --weeks must be between 1 and 104", file=sys.stderr)
        return 2

    def work(visits: Any, trust: Any, setup: Any) -> int:
        from bot.visits import plan_to_json
        from bot.visits.rota import apply_plan, kept_until, propose

        today = _today(args, trust)
        start = args.start or today + timedelta(days=7 - today.weekday())
        end = start + timedelta(weeks=args.weeks)
        kept = None if args.replace else kept_until(visits, trust, start)
        if kept is not None:
            print(
                f"Keeping the visits already planned up to {kept:%a %-d %b %Y} (their leaders "
                "have been told); planning after them. Use --replace to re-plan them.",
                file=sys.stderr,
            )
            start = kept + timedelta(days=1)
        weeks = max(0, (end - start).days) // 7
        if weeks < 1:
            print("Nothing to plan: the rota is already planned to the end.", file=sys.stderr)
            return 0
        plan = propose(visits, trust, setup, start, weeks)
        if args.json:
            print(json.dumps(plan_to_json(plan), indent=2))
            for note in plan.notes:
                print(f"warning: {note}", file=sys.stderr)
        else:
            print(_plan_text(plan, setup, start, weeks))
        if args.apply:
            saved = apply_plan(visits, trust, setup, plan, start, _now(args, trust))
            first = f" (visits {saved[0].number} to {saved[-1].number})" if saved else ""
            print(f"Saved {len(saved)} visits{first}; reminders are set.", file=sys.stderr)
        return 0

    return _with_trust(work)


def _plan_text(plan: Any, setup: Any, start: date, weeks: int) -> str:
    from bot.visits.words import day_text

    lines = [f"Visit rota from {day_text(start)} for {weeks} weeks: {len(plan.visits)} visits"]
    for v in plan.visits:
        lines.append(
            f"  {day_text(v.date)} {v.time:%H:%M}  {setup.area_name(v.team_key)}: "
            f"{', '.join(v.leaders)}"
        )
    if plan.uncovered:
        names = ", ".join(setup.area_name(k) for k in plan.uncovered)
        lines.append(f"Not covered in time: {names}.")
    lines += [note for note in plan.notes if "left out:" not in note]  # said just above
    return "\n".join(lines)


def _coverage(args: argparse.Namespace) -> int:
    def work(visits: Any, trust: Any, setup: Any) -> int:
        from bot.visits.coverage import coverage, coverage_text

        today = _today(args, trust)
        print(coverage_text(coverage(visits, trust, setup, today), setup, today))
        return 0

    return _with_trust(work)


def _ics(args: argparse.Namespace) -> int:
    def work(visits: Any, trust: Any, setup: Any) -> int:
        from bot.visits.ics import rota_to_ics

        leader = setup.leader(args.leader) if args.leader else None
        if args.leader and leader is None:
            print(f"huddlebot visits: {args.leader} is not on the visits rota", file=sys.stderr)
            return 2
        entries = [
            v
            for v in visits.calendar(trust.id, setup.area_name)
            if leader is None or leader.name in v.visit.leaders
        ]
        data = rota_to_ics(
            entries,
            generated_at=_now(args, trust),
            tz=trust.timezone,
            duration_minutes=setup.duration_minutes,
        )
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0

    return _with_trust(work)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    return {"plan": _plan, "coverage": _coverage, "ics": _ics}[args.what](args)
