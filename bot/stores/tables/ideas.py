"""Improvement ideas: the idea, who supports it, its history, and reflection answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.stores.tables.base import Base, UTCDateTime


class Idea(Base):
    """One idea, numbered per trust, with its test of change (PDSA) once it is being tested."""

    __tablename__ = "ideas"
    __table_args__ = (UniqueConstraint("trust_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    plan_try: Mapped[str] = mapped_column(Text, default="")  # what we will try
    plan_expect: Mapped[str] = mapped_column(Text, default="")  # what we expect to happen
    test_start: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    study: Mapped[str] = mapped_column(Text, default="")  # what we learned
    next_step: Mapped[str] = mapped_column(String(16), default="")  # adopt|adapt|abandon
    # the idea another team adopted this one from (`/idea adopt`), for its lineage
    origin_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )


class IdeaSupport(Base):
    """One person's support for one idea (once only)."""

    __tablename__ = "idea_supports"
    __table_args__ = (UniqueConstraint("idea_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class IdeaChange(Base):
    """One line of an idea's history: posted, a status change, a plan, a review."""

    __tablename__ = "idea_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    from_status: Mapped[str] = mapped_column(String(16), default="")
    to_status: Mapped[str] = mapped_column(String(16), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class IdeaShare(Base):
    """An adopted idea shared with a team, a division or the whole trust (once per place)."""

    __tablename__ = "idea_shares"
    __table_args__ = (UniqueConstraint("idea_id", "scope", "scope_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(16))  # team | division | all
    scope_key: Mapped[str] = mapped_column(String(64), default="")  # "" for all
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReflectionNote(Base):
    """An answer to the weekly reflection, which may become an idea (keeping its author)."""

    __tablename__ = "reflection_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(16), unique=True)  # the id people see: unguessable
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
