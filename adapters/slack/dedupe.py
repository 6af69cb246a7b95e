"""Events API deliveries seen before: Slack retries an event it thinks we missed, and the copy
must be recognised by its `event_id`, never by dropping every retry (the first copy may be the
one that was lost)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from bot.stores.tables.inbound import SlackEventSeen

seen_table = SlackEventSeen.__table__
KEEP = timedelta(days=1)  # Slack's last retry comes about 5 minutes after the first delivery
TIDY_EVERY = 500  # inserts between clearing out old ids


class SeenEvents:
    """`first_time(event_id)` is True exactly once per event id, across processes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._inserted = 0

    def first_time(self, event_id: str, now: datetime) -> bool:
        """Record the event; False if it was recorded before. Raises if the database is down."""
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(seen_table).values(event_id=event_id[:64], seen_at=now))
        except IntegrityError:
            return False
        self._inserted += 1
        if self._inserted % TIDY_EVERY == 0:
            self.forget_before(now - KEEP)
        return True

    def forget_before(self, cutoff: datetime) -> int:
        """Drop ids older than `cutoff`; returns how many."""
        with self.engine.begin() as connection:
            result = connection.execute(delete(seen_table).where(seen_table.c.seen_at < cutoff))
        return result.rowcount or 0
