"""Inbound requests the core keeps: the inbox of acknowledged requests, and deliveries seen
before (a platform may redeliver what it thinks was missed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.stores.tables.base import Base, UTCDateTime


class InboundSeen(Base):
    """Keyed by a hash of where a delivery came from and its id (an id may be unique only
    within its conversation)."""

    __tablename__ = "inbound_seen"
    delivery_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class InboxRow(Base):
    """A request acknowledged to its platform: written before the acknowledgement and handled
    from here.

    `received` until the core stores its effects (and its answer) in the same transaction;
    `handled` until the answer is delivered; then `answered`, with body and answer cleared and
    the key kept so that a replay does nothing."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_status_lease", "status", "lease_until"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # command|action|submission|event
    body: Mapped[str | None] = mapped_column(Text)  # the request as the platform sent it (JSON)
    answer: Mapped[str | None] = mapped_column(Text)  # bot.outbox_json JSON of the core's answer
    status: Mapped[str] = mapped_column(String(12))  # received|handled|answered
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    lease_until: Mapped[datetime] = mapped_column(UTCDateTime())


class FileOffer(Base):
    """A file offered to one person in a private conversation (the board pack), kept until
    they accept it (the platform then gives the place to put it) or decline it; `token` is in
    the offer the person answers."""

    __tablename__ = "file_offers"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
