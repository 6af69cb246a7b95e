"""`huddlebot demo`: (re)load the demo trust — three teams, 90 days of history, demo people."""

from __future__ import annotations

import argparse


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot demo", description=__doc__)
    parser.add_argument("--today", help="the demo's today (history ends the day before)")
    args = parser.parse_args(argv)

    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    from bot.assembly import load_demo
    from bot.db import Database
    from bot.stores.wipe import wipe
    from huddlebot.migrate import upgrade
    from huddlebot.settings import Settings

    now = datetime.now(UTC)
    today = (
        date.fromisoformat(args.today)
        if args.today
        else now.astimezone(ZoneInfo("Europe/London")).date()
    )
    db = Database(Settings.from_env().database_url)
    try:
        upgrade(db)
        with db.session() as session:
            wipe(session)
            load_demo(session, today, now, showcase=True)
    finally:
        db.dispose()
    print(
        "Demo trust loaded: teams ward-7, ed, theatres; try "
        '`huddlebot chat --team ward-7 --user "Demo Nurse"`.'
    )
    return 0
