"""`huddlebot token create|list|revoke`: bearer tokens for the readings API
(`POST /api/v1/readings`). A token writes one team's, one division's or the whole trust's
readings; its secret is printed once, only its hash is kept."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from huddlebot.commands.database import migrated_session


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huddlebot token", description=__doc__)
    subs = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = subs.add_parser("create", help="make a token and print its secret once")
    scope = create.add_mutually_exclusive_group(required=True)
    scope.add_argument("--team", metavar="KEY", help="it may write this team's readings")
    scope.add_argument("--division", metavar="KEY", help="… every team's in this division")
    scope.add_argument("--trust", action="store_true", help="… every team's in the trust")
    create.add_argument("--name", required=True, help="what feeds it, e.g. 'bed-state feed'")
    create.add_argument("--days", type=int, default=365, help="it expires after (default 365)")
    subs.add_parser("list", help="every token: name, scope, expiry, last use (no secrets)")
    revoke = subs.add_parser("revoke", help="stop a token working at once")
    revoke.add_argument("token", metavar="ID|NAME")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)

    from sqlalchemy import select

    from bot.feeds import tokens
    from bot.stores.tables.core import Audit, Trust

    now = datetime.now(UTC)
    with migrated_session() as session:
        trust = session.scalar(select(Trust).order_by(Trust.id).limit(1))
        if trust is None:
            print("huddlebot token: no trust: run `huddlebot config apply`", file=sys.stderr)
            return 2
        if args.action == "list":
            _list(tokens.listing(session, now))
            return 0
        if args.action == "revoke":
            gone = tokens.revoke(session, args.token, now)
            if isinstance(gone, str):
                print(f"huddlebot token: {gone}", file=sys.stderr)
                return 2
            for token_id in gone:
                session.add(Audit(at=now, action="token.revoke", subject=f"token:{token_id}"))
            print(f"Revoked token {', '.join(map(str, gone))}: it no longer works.")
            return 0
        scope = "team" if args.team else "division" if args.division else "trust"
        made = tokens.create(
            session, trust, scope, args.team or args.division, args.name, now, args.days
        )
        if isinstance(made, str):
            print(f"huddlebot token: {made}", file=sys.stderr)
            return 2
        session.add(Audit(at=now, action="token.create", subject=f"token:{made.token_id}"))
    where = f"{scope} {args.team or args.division or ''}".strip()
    print(f"Token {made.token_id} ({args.name}), for the {where}.")
    print("Its secret, shown this once (keep it in the feed's secret store):")
    print(made.secret)
    return 0


def _list(views: list) -> None:  # type: ignore[type-arg]
    if not views:
        print("No tokens. `huddlebot token create --team KEY --name NAME` makes one.")
        return
    print(f"{'id':>4}  {'name':<24} {'scope':<22} {'expires':<11} {'last used':<17} state")
    for v in views:
        used = f"{v.last_used_at:%Y-%m-%d %H:%M}" if v.last_used_at else "never"
        print(
            f"{v.token_id:>4}  {v.name[:24]:<24} {v.scope[:22]:<22} "
            f"{v.expires_at:%Y-%m-%d}  {used:<17} {v.state}"
        )
