"""The scheduler's tables: occurrences, the outbox, one-off timers, the tick mark, delivery gates.

`team_id` is 0 for items that belong to no team (so unique keys work: NULLs never collide).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.stores.tables.base import Base, UTCDateTime


class OccurrenceRow(Base):
    """One timed item that fell due: recorded once, whatever happens to it."""

    __tablename__ = "occurrences"
    __table_args__ = (UniqueConstraint("kind", "team_id", "local_date", "slot"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int] = mapped_column(Integer, default=0)
    local_date: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(200), default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    not_after: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))  # skipped|enqueued|empty|expired
    reason: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxRow(Base):
    """A post or edit waiting to be delivered, with everything needed to retry it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idem_key: Mapped[str] = mapped_column(String(400), unique=True)
    occurrence_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int] = mapped_column(Integer, default=0)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(128), default="")
    scope: Mapped[str] = mapped_column(String(700), index=True)  # platform|workspace|conversation
    payload: Mapped[str] = mapped_column(Text)  # bot.outbox_json JSON of a Post or an Edit
    status: Mapped[str] = mapped_column(
        String(16)
    )  # pending|sending|retry|sent|skipped|expired|dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)  # a send may have happened
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    last_error: Mapped[str] = mapped_column(String(500), default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    not_after: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TimerRow(Base):
    """A one-off timed item set by a capability (an overdue check, a review date, a reminder)."""

    __tablename__ = "timers"
    __table_args__ = (UniqueConstraint("kind", "team_id", "local_date", "slot"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int] = mapped_column(Integer, default=0)
    local_date: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(40), default="")
    ref: Mapped[str] = mapped_column(String(200), default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    not_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|fired|cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TickMark(Base):
    """How far the scheduler has looked: every occurrence up to `mark_at` is in the tables."""

    __tablename__ = "scheduler_marks"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    mark_at: Mapped[datetime] = mapped_column(UTCDateTime())
    leader: Mapped[str] = mapped_column(String(128), default="")
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DeliveryGate(Base):
    """When a conversation may next receive a message (pacing, or a 429's Retry-After)."""

    __tablename__ = "delivery_gates"
    scope: Mapped[str] = mapped_column(String(700), primary_key=True)
    free_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(40), default="")
