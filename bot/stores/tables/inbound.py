"""Inbound deliveries already handled (Slack retries an event it thinks we missed; Teams may
re-post an activity after a timeout)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.stores.tables.base import Base, UTCDateTime


class SlackEventSeen(Base):
    __tablename__ = "slack_events_seen"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class TeamsActivitySeen(Base):
    """Keyed by a hash of the conversation and the activity id (an id is unique only within its
    conversation)."""

    __tablename__ = "teams_activities_seen"
    activity_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
