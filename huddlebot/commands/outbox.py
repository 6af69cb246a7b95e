"""`huddlebot outbox [--status dead] [--limit 50] [--json]`: messages waiting, retrying,
expired or dead (by default everything not yet sent)."""

from __future__ import annotations

import argparse
import json
import os

from bot.db import DEFAULT_URL

STATES = ("pending", "sending", "retry", "sent", "skipped", "expired", "dead")
UNFINISHED = ("pending", "sending", "retry", "expired", "dead")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huddlebot outbox", description=__doc__)
    parser.add_argument(
        "--status", choices=STATES, action="append", help="only rows in this state (repeatable)"
    )
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from sqlalchemy import func, select

    from bot.db import Database
    from bot.stores.tables.schedule import OutboxRow
    from huddlebot.migrate import upgrade

    wanted = tuple(args.status or UNFINISHED)
    db = Database(os.environ.get("HUDDLEBOT_DATABASE_URL", DEFAULT_URL))
    try:
        upgrade(db)
        with db.session() as session:
            counts = dict(
                session.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
                .tuples()
                .all()
            )
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.status.in_(wanted))
                .order_by(OutboxRow.due_at.desc(), OutboxRow.id.desc())
                .limit(args.limit)
            ).all()
    finally:
        db.dispose()
    items = [
        {
            "id": r.id,
            "status": r.status,
            "kind": r.kind,
            "to": r.scope.split("|", 2)[-1],
            "platform": r.platform,
            "due": r.due_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "attempts": r.attempts,
            "error": r.last_error,
            "key": r.idem_key,
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"counts": counts, "rows": items}, indent=2))
        return 0
    print("  ".join(f"{s}: {counts.get(s, 0)}" for s in STATES))
    if not items:
        print(f"nothing {' or '.join(wanted)}")
    for i in items:
        error = f"  ({i['error']})" if i["error"] else ""
        print(
            f"{i['id']:>6}  {i['status']:<8} {i['due']}  {i['platform']:<7} {i['to']:<24} "
            f"{i['kind']:<18} tries {i['attempts']}{error}"
        )
    return 0
