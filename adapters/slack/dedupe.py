"""Events API deliveries seen before: Slack retries an event it thinks we missed, and the copy
must be recognised by its `event_id`, never by dropping every retry (the first copy may be the
one that was lost)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Column, Engine, MetaData, String, Table, delete, insert, inspect
from sqlalchemy.exc import IntegrityError

from bot.stores.tables.base import NAMING, UTCDateTime

# Own metadata until a migration creates this table; then switch to
# `bot.stores.tables.base.metadata` (else the migrations-match-tables check sees a stray table).
slack_metadata = MetaData(naming_convention=NAMING)

slack_events_seen = Table(
    "slack_events_seen",
    slack_metadata,
    Column("event_id", String(64), primary_key=True),
    Column("seen_at", UTCDateTime(), nullable=False, index=True),
)

KEEP = timedelta(days=2)  # Slack's last retry comes about 5 minutes after the first delivery


class SeenEvents:
    """`first_time(event_id)` is True exactly once per event id, across processes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ensure_table(self) -> None:
        """Create the table when the database predates its migration (a no-op otherwise)."""
        if not inspect(self.engine).has_table(slack_events_seen.name):
            slack_events_seen.create(self.engine, checkfirst=True)

    def first_time(self, event_id: str, now: datetime) -> bool:
        """Record the event; False if it was recorded before. Raises if the database is down."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    insert(slack_events_seen).values(event_id=event_id[:64], seen_at=now)
                )
        except IntegrityError:
            return False
        return True

    def forget_before(self, cutoff: datetime) -> int:
        """Drop ids older than `cutoff` (retention); returns how many."""
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(slack_events_seen).where(slack_events_seen.c.seen_at < cutoff)
            )
        return result.rowcount or 0
