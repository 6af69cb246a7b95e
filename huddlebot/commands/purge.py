"""`huddlebot purge [--dry-run]`: delete records past their retention period."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from huddlebot.commands.database import migrated_session


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot purge", description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="show what would go; delete nothing")
    args = parser.parse_args(argv)

    from bot.retention import Retention, purge

    with migrated_session() as session:
        policy = Retention.for_trust(session)
        counts = purge(session, datetime.now(UTC), dry_run=args.dry_run, policy=policy)
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"Retention: inbound ids {policy.inbound_days} days, delivered messages "
        f"{policy.outbox_days} days, audit {policy.audit_days // 366} years; "
        "measures, readings and ideas are kept."
    )
    for table, count in counts.items():
        print(f"  {table}: {verb} {count}")
    return 0
