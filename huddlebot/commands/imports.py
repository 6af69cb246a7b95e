"""`huddlebot import readings FILE.csv [--dry-run]`: measures from a file, all or nothing.

The columns are those `huddlebot export readings` writes: team, measure, date, value (or
numerator and denominator), source; others (recorded_at) are ignored. Every line is checked
like a typed answer; one bad line and nothing is stored, each problem named by line and
column. Importing the same file again changes nothing."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from huddlebot.commands.arguments import local_moment
from huddlebot.commands.database import migrated_session

MAX_SHOWN = 20  # problems listed; the rest counted
WORDS = {
    "recorded": "new",
    "replaced": "replacing a value fed earlier",
    "unchanged": "already there",
    "kept": "left as staff recorded them",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huddlebot import", description=__doc__)
    subs = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    readings = subs.add_parser("readings", help="readings from a CSV file (as export writes)")
    readings.add_argument("file", metavar="FILE.csv")
    readings.add_argument("--dry-run", action="store_true", help="check and report; store nothing")
    readings.add_argument(
        "--now", type=local_moment, help="the trust's local time to import at (default: now)"
    )
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except OSError as error:
        print(f"huddlebot import: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"huddlebot import: {args.file} is not UTF-8 text", file=sys.stderr)
        return 1

    from sqlalchemy import select

    from bot.feeds.accept import accept
    from bot.feeds.csvfile import line_of, read_rows
    from bot.feeds.store import Stored
    from bot.stores.tables.core import Trust

    with migrated_session() as session:
        trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
        if trust is None:
            print("huddlebot import: no trust: run `huddlebot config apply`", file=sys.stderr)
            return 2
        rows, problems = read_rows(text)
        stored: tuple[Stored, ...] = ()
        if not any(p.index < 0 for p in problems):
            now = args.now or datetime.now(UTC)
            if now.tzinfo is None:
                now = now.replace(tzinfo=ZoneInfo(trust.timezone))
            outcome = accept(
                session,
                trust,
                rows,
                now.astimezone(UTC),
                channel="import",
                subject="import",
                dry_run=args.dry_run or bool(problems),  # a misshapen line: store nothing
            )
            problems = sorted([*problems, *outcome.problems], key=lambda p: p.index)
            stored = outcome.stored
    if problems:
        print(f"{args.file}: nothing was imported; fix these and import it again:", file=sys.stderr)
        for p in problems[:MAX_SHOWN]:
            where = "line 1 (header)" if p.index < 0 else f"line {line_of(p.index)}"
            column = f", column {p.field}" if p.field else ""
            print(f"  {where}{column}: {p.problem}", file=sys.stderr)
        if len(problems) > MAX_SHOWN:
            print(f"  … and {len(problems) - MAX_SHOWN} more", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for item in stored:
        counts[item.status] = counts.get(item.status, 0) + 1
    summary = ", ".join(f"{n} {WORDS[status]}" for status, n in counts.items()) or "no lines"
    verb = "checked; dry run, nothing was stored" if args.dry_run else "imported"
    print(f"{args.file}: {len(stored)} readings {verb} ({summary}).")
    return 0
