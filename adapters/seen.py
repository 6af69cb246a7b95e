"""Inbound deliveries seen before, across processes. A platform that redelivers (Slack retries
an event it thinks we missed; Teams may re-post an activity after a timeout) must have the copy
recognised by its id, never by dropping every retry: the first copy may be the one that was lost."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, delete, insert
from sqlalchemy.exc import IntegrityError

KEEP = timedelta(days=1)  # redeliveries come within minutes; the daily purge keeps 30 days
TIDY_EVERY = 500  # inserts between clearing out old ids
KEY_LENGTH = 64  # the key column's width


class SeenOnce:
    """`first_time(key)` is True exactly once per key, across processes sharing the database."""

    def __init__(self, engine: Engine, table: Table) -> None:
        self.engine, self.table = engine, table
        self.key = table.primary_key.columns.values()[0]
        self._inserted = 0

    def first_time(self, key: str, now: datetime) -> bool:
        """Record the key; False if it was recorded before. Raises if the database is down."""
        try:
            with self.engine.begin() as connection:
                row = {self.key.name: key[:KEY_LENGTH], "seen_at": now}
                connection.execute(insert(self.table).values(row))
        except IntegrityError:
            return False
        self._inserted += 1
        if self._inserted % TIDY_EVERY == 0:
            self.forget_before(now - KEEP)
        return True

    def forget_before(self, cutoff: datetime) -> int:
        """Drop keys older than `cutoff`; returns how many."""
        with self.engine.begin() as connection:
            result = connection.execute(delete(self.table).where(self.table.c.seen_at < cutoff))
        return result.rowcount or 0
