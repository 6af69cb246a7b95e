"""`huddlebot config apply FILE.yaml [--dry-run] [--prune]` (all or nothing; prints what changes)
and `huddlebot config export`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config.model import TrustConfig


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huddlebot config", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    apply = sub.add_parser("apply", help="create or update teams, measures and people from a file")
    apply.add_argument("file")
    apply.add_argument(
        "--dry-run", action="store_true", help="print what would change and change nothing"
    )
    apply.add_argument(
        "--prune",
        action="store_true",
        help="retire teams and people the file no longer lists (history kept, roles revoked)",
    )
    export = sub.add_parser("export", help="write the current configuration as YAML")
    export.add_argument("--out", help="a file to write (default: standard output)")
    return parser


def _read(path: str) -> TrustConfig | None:
    """The checked configuration, or None after saying what is wrong."""
    import yaml

    from bot.config import ConfigError, parse_config

    try:
        with open(path, encoding="utf-8") as handle:
            return parse_config(yaml.safe_load(handle))
    except OSError as err:
        print(f"{path}: cannot read the file ({err.strerror})", file=sys.stderr)
    except yaml.YAMLError as err:
        print(f"{path}: not valid YAML ({err})".replace("\n", " "), file=sys.stderr)
    except ConfigError as err:
        print(f"{path}: {err}. Nothing was applied.", file=sys.stderr)
    return None


def _apply(db: Any, args: argparse.Namespace) -> int:
    from bot.config import apply_config, export_config
    from bot.config.apply import MOVED, TAKEN
    from bot.config.diff import changes
    from bot.config.retire import (
        missing,
        missing_divisions,
        retire_division,
        retire_person,
        retire_team,
    )
    from bot.config.taken import tell_leads
    from scheduler.outbox import enqueue

    config = _read(args.file)
    if config is None:
        return 2
    now = datetime.now(UTC)
    with db.session() as session:
        before = export_config(session)
        trust = apply_config(session, config, now)
        teams, people = missing(session, trust, config)
        divisions = missing_divisions(session, trust, config)
        unlisted = [f"division '{d.key}'" for d in divisions]
        unlisted += [f"team '{t.key}'" for t in teams] + [f"person '{p.name}'" for p in people]
        if args.prune:
            for division in divisions:
                retire_division(session, division, now)
            for team in teams:
                retire_team(session, team, now)
            for person in people:
                retire_person(session, person, now)
            session.flush()
        lines = changes(before, export_config(session)) + session.info.pop(MOVED, [])
        told = tell_leads(session, session.info.pop(TAKEN, []), f"config:{now.isoformat()}")
        if args.dry_run:
            session.rollback()
        else:
            for post in told:
                enqueue(session, post, key=post.key, now=now, kind="config.channel_taken")
    size = f"{sum(len(d.teams) for d in config.divisions)} teams, {len(config.people)} people"
    if not lines:
        head = "dry run: no changes" if args.dry_run else "no changes"
    elif args.dry_run:
        head = "dry run, nothing was changed. Applying it would make these changes"
    else:
        head = "applied these changes"
    print(f"{args.file} ({size}): {head}{':' if lines else '.'}")
    for line in lines:
        print(f"  {line}")
    if told:
        leads = "would be" if args.dry_run else "are"
        print(f"The leads of the teams that lost a channel {leads} told in chat.")
    if unlisted and not args.prune:
        print(
            "In the database but not in the file: "
            f"{', '.join(unlisted)} (use --prune to retire them)."
        )
    return 0


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)

    import yaml

    from bot.config import export_config
    from bot.db import Database
    from huddlebot.migrate import upgrade
    from huddlebot.settings import Settings

    db = Database(Settings.from_env().database_url)
    try:
        upgrade(db)
        if args.action == "apply":
            return _apply(db, args)
        with db.session() as session:
            text = yaml.safe_dump(export_config(session), sort_keys=False, allow_unicode=True)
        if args.out:
            with open(args.out, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
        return 0
    finally:
        db.dispose()
