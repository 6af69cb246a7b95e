"""The database a command works on: the settings' URL, migrated to the head before use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@contextmanager
def migrated_session() -> Iterator[Session]:
    """One session, committed when the block ends normally; the engine is closed after."""
    from bot.db import Database
    from huddlebot.migrate import upgrade
    from huddlebot.settings import Settings

    db = Database(Settings.from_env().database_url)
    try:
        upgrade(db)
        with db.session() as session:
            yield session
    finally:
        db.dispose()
