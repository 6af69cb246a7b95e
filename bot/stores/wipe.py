"""Empty every table (for `huddlebot demo`, which reloads the demo from scratch)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.stores.tables import metadata


def wipe(session: Session) -> None:
    for table in reversed(metadata.sorted_tables):
        session.execute(table.delete())
