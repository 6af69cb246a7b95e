"""`huddlebot db upgrade`: bring the database schema up to date (Alembic migrations)."""

from __future__ import annotations

import argparse


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="huddlebot db", description=__doc__)
    parser.add_argument("action", choices=["upgrade", "current"])
    args = parser.parse_args(argv)

    from bot.db import Database
    from huddlebot.migrate import current_revision, upgrade
    from huddlebot.settings import Settings

    db = Database(Settings.from_env().database_url)
    try:
        if args.action == "upgrade":
            upgrade(db)
        print(f"database at revision {current_revision(db)}")
    finally:
        db.dispose()
    return 0
