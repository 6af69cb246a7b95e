"""Events API deliveries seen before: Slack retries an event it thinks we missed, and the copy
must be recognised by its `event_id`, never by dropping every retry (the first copy may be the
one that was lost)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from bot.stores.tables.inbound import SlackEventSeen

seen_table = SlackEventSeen.__table__


class SeenEvents:
    """`first_time(event_id)` is True exactly once per event id, across processes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def first_time(self, event_id: str, now: datetime) -> bool:
        """Record the event; False if it was recorded before. Raises if the database is down."""
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(seen_table).values(event_id=event_id[:64], seen_at=now))
        except IntegrityError:
            return False
        return True

    def forget_before(self, cutoff: datetime) -> int:
        """Drop ids older than `cutoff` (Slack's last retry comes ~5 minutes after the first)."""
        with self.engine.begin() as connection:
            result = connection.execute(delete(seen_table).where(seen_table.c.seen_at < cutoff))
        return result.rowcount or 0
