"""`huddlebot export`: spreadsheets of what the bot holds. `ideas` writes every improvement
idea (status, dates, team, measure, supporters) as CSV, safe against formula injection;
`readings` every measure's values, in the layout `huddlebot import readings` reads."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from huddlebot.commands.database import migrated_session


def _ideas_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", metavar="FILE", help="write to FILE (default: standard output)")


def _ideas(args: argparse.Namespace) -> int:
    from bot.ideas.csv_rows import idea_rows, ideas_csv
    from bot.ideas.store import Ideas

    with migrated_session() as session:
        rows = idea_rows(Ideas(session))
    return _write(ideas_csv(rows), args.csv, f"{len(rows)} ideas")


def _summary_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", metavar="FILE", help="write to FILE (default: standard output)")
    parser.add_argument("--division", metavar="KEY", help="only this division's teams")
    parser.add_argument("--as-of", metavar="DATE", help="the summary's day (default: today)")


def _summary(args: argparse.Namespace) -> int:
    from datetime import UTC, date, datetime

    from bot.charting.summary_csv import summary_csv, summary_for_export

    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(f"huddlebot export: --as-of {args.as_of!r} is not a date", file=sys.stderr)
        return 2
    with migrated_session() as session:
        lines = summary_for_export(session, datetime.now(UTC), as_of, args.division)
    if lines is None:
        print(f"huddlebot export: no division {args.division!r}", file=sys.stderr)
        return 2
    return _write(summary_csv(lines), args.csv, f"{len(lines)} measures")


def _write(text: str, target: str | None, what: str) -> int:
    """CSV to a file (with a byte-order mark, so Excel reads UTF-8) or to standard output."""
    if not target or target == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(target).write_text(text, encoding="utf-8-sig", newline="")
    except OSError as error:
        print(f"huddlebot export: cannot write {target}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote {what} to {target}.", file=sys.stderr)
    return 0


def _readings_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", metavar="FILE", help="write to FILE (default: standard output)")
    parser.add_argument("--team", metavar="KEY", help="only this team's readings")


def _readings(args: argparse.Namespace) -> int:
    from bot.feeds.csvfile import readings_csv

    with migrated_session() as session:
        text, count = readings_csv(session, args.team)
    return _write(text, args.csv, f"{count} readings")


# name -> (help, add arguments, run). The SPC summary export is added here as "summary".
EXPORTS: dict[
    str,
    tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]],
] = {
    "ideas": ("every improvement idea as CSV", _ideas_args, _ideas),
    "summary": ("the SPC summary of every team × measure as CSV", _summary_args, _summary),
    "readings": (
        "every current value of every measure (not anonymous ones) as CSV, in the layout "
        "`huddlebot import readings` reads",
        _readings_args,
        _readings,
    ),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot export", description=__doc__)
    subs = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    for name, (text, add_args, _) in EXPORTS.items():
        add_args(subs.add_parser(name, help=text, description=text))
    args = parser.parse_args(argv)
    return EXPORTS[args.what][2](args)
