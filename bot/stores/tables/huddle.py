"""The huddle's tables: anonymous answers, the huddle log, escalations and their history.

Anonymous answers carry no person id, no timestamp and no sequence number: the row's key is a
keyed hash of person, measure and day under a salt that is kept only for a few days, so that a
person's later answer replaces their earlier one without any report being able to tie a value
to them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.stores.tables.base import Base, UTCDateTime


class AnonymousAnswer(Base):
    """One person's answer to an anonymous measure for one day, keyed by an unlinkable hash."""

    __tablename__ = "huddle_anonymous_answers"
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    voter: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[float] = mapped_column(Float)


class AnonymousSalt(Base):
    """The day's secret for voter hashes; deleted after a week so old hashes cannot be redone."""

    __tablename__ = "huddle_anonymous_salts"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class HuddleLog(Base):
    """Whether a team's huddle happened on a day: data recorded, or held with nothing to record."""

    __tablename__ = "huddle_log"
    __table_args__ = (UniqueConstraint("team_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    held: Mapped[bool] = mapped_column(Boolean, default=True)
    nothing_to_record: Mapped[bool] = mapped_column(Boolean, default=False)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Escalation(Base):
    """An item a team raised to its division (and, if unanswered, to the trust)."""

    __tablename__ = "huddle_escalations"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    respond_by: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16), default="open")  # open|acknowledged|resolved
    tier: Mapped[str] = mapped_column(String(16), default="division")  # division|trust
    acknowledged_by: Mapped[int | None] = mapped_column(Integer)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[int | None] = mapped_column(Integer)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(Text, default="")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    onward_reason: Mapped[str | None] = mapped_column(Text)  # why the division sent it on


class EscalationStep(Base):
    """What happened to an escalation, who did it and when (raised, acknowledged, resolved …)."""

    __tablename__ = "huddle_escalation_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("huddle_escalations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    person_id: Mapped[int | None] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(16))  # raised|acknowledged|resolved|escalated
