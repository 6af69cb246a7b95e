"""The foundation's tables: the trust and its tiers, teams, people, measures, values, audit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.stores.tables.base import Base, UTCDateTime


class Trust(Base):
    __tablename__ = "trusts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    bank_holiday_region: Mapped[str] = mapped_column(String(40), default="england-and-wales")
    # JSON: one pattern or a list, as configured
    hospital_number_pattern: Mapped[str | None] = mapped_column(Text)
    settings_json: Mapped[str] = mapped_column(Text, default="{}")  # optional extra keys


class Division(Base):
    __tablename__ = "divisions"
    __table_args__ = (UniqueConstraint("trust_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    settings_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("trust_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id", ondelete="CASCADE"))
    # the trust's seat (see `tier`) keeps the trust's first division here, unused
    division_id: Mapped[int] = mapped_column(ForeignKey("divisions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    # team: a ward or department. division | trust: the seat holding that tier's own huddle
    # times, measures and readings (bot/tiers/seats.py); never listed as a team.
    tier: Mapped[str] = mapped_column(String(16), default="team", server_default="team")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    settings_json: Mapped[str] = mapped_column(Text, default="{}")  # per-team options
    # set when `config apply --prune` retires the team: its history stays, its schedules stop
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Address(Base):
    """Where the bot may speak for a team, division, the trust or one person, on one platform."""

    __tablename__ = "addresses"
    __table_args__ = (UniqueConstraint("platform", "workspace", "conversation"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str | None] = mapped_column(String(16))  # team|division|trust|person|wins
    owner_id: Mapped[int | None] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(128))
    conversation: Mapped[str] = mapped_column(String(512))
    reference: Mapped[str] = mapped_column(Text, default="")
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("trust_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    # set when `config apply --prune` retires a leaver: roles revoked, no longer recognised
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Identity(Base):
    """A person's id on one platform (or another id the platform also knows them by)."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))


class Role(Base):
    """A role, for one team (team_lead, member) or trust-wide (team_id NULL)."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("person_id", "role", "team_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    # division_lead / division_member: for one division
    division_id: Mapped[int | None] = mapped_column(
        ForeignKey("divisions.id", ondelete="CASCADE", name="fk_roles_division_id_divisions")
    )


class Measure(Base):
    __tablename__ = "measures"
    __table_args__ = (UniqueConstraint("team_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # a word of bot.huddle.kinds.KINDS
    direction: Mapped[str] = mapped_column(String(8), default="neutral")  # up|down|neutral
    target: Mapped[float | None] = mapped_column(Float)
    minimum: Mapped[float | None] = mapped_column(Float)
    maximum: Mapped[float | None] = mapped_column(Float)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[str] = mapped_column(String(16), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    per: Mapped[float | None] = mapped_column(Float)  # a ratio's multiplier (1000: per 1,000)
    denominator_key: Mapped[str | None] = mapped_column(String(64))  # a ratio's fed whole
    aggregate: Mapped[str] = mapped_column(String(8), default="day", server_default="day")
    charts_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    # a tier measure made from its teams' measures: {"sum_of": "falls"} (bot/tiers/derived.py)
    derived_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    # a warehouse pull: {"sql": …, "url_env": …, "at": "07:30", "name": …}; "{}" when typed
    source_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")


class Reading(Base):
    """One recorded daily value. A correction adds a row and marks the old one superseded."""

    __tablename__ = "readings"
    __table_args__ = (Index("ix_readings_measure_day", "measure_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date, index=True)
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)  # as typed: 23 of `23/25`
    denominator: Mapped[float | None] = mapped_column(Float)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(16), default="chat")  # chat|form|api|import|pull…
    # a fed value's source as its feed names it ("bed-state feed"); None when typed by staff
    feed: Mapped[str | None] = mapped_column(String(120))


class Audit(Base):
    """Who did what, when. No free text and no secrets: only names of actions and ids."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    person_id: Mapped[int | None] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(16), default="")
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64), default="")  # e.g. "team:3", "idea:12"
    outcome: Mapped[str] = mapped_column(String(16), default="ok")  # ok|denied|refused|error


class HuddleSlot(Base):
    """A team's daily huddle time: local wall-clock time, days, and what to do on bank holidays."""

    __tablename__ = "huddle_slots"
    __table_args__ = (UniqueConstraint("team_id", "slot"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(16))  # "08:30"; names the slot in outbox keys
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM", team-local
    days: Mapped[str] = mapped_column(String(40), default="mon,tue,wed,thu,fri,sat,sun")
    bank_holidays: Mapped[str] = mapped_column(String(8), default="run")  # run | skip


class Posting(Base):
    """Where a keyed post landed, so replies in its thread (or edits of it) can be matched."""

    __tablename__ = "postings"
    __table_args__ = (
        UniqueConstraint("platform", "conversation", "message_id"),
        # a reply names its thread by message id alone (a platform may add `;…` to the
        # conversation), so that lookup needs its own index
        Index("ix_postings_platform_message_id", "platform", "message_id"),
        Index("ix_postings_kind_subject", "kind", "subject_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    conversation: Mapped[str] = mapped_column(String(512))
    message_id: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # what the post is about (bot.messages.About), queried as columns, never parsed from `key`
    kind: Mapped[str] = mapped_column(String(40), default="")
    team_id: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date | None] = mapped_column(Date)
    subject_id: Mapped[int | None] = mapped_column(Integer)
