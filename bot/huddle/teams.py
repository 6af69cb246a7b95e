"""A team's rows asked in one place: a team by its key, the teams of divisions, its huddle times."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.stores.tables.core import HuddleSlot, Team


def team_by_key(session: Session, trust_id: int, key: str) -> Team | None:
    """The trust's team with this key (retired ones too: their old prompts still name them)."""
    return session.scalar(select(Team).where(Team.trust_id == trust_id, Team.key == key))


def team_ids_in(session: Session, division_ids: Collection[int]) -> set[int]:
    """The ids of every team of these divisions."""
    return set(session.scalars(select(Team.id).where(Team.division_id.in_(division_ids))))


def huddle_slots(session: Session, team: Team) -> list[HuddleSlot]:
    """The team's huddle times, earliest first."""
    query = select(HuddleSlot).where(HuddleSlot.team_id == team.id)
    return list(session.scalars(query.order_by(HuddleSlot.local_time)))


def has_slots(session: Session, team: Team | None) -> bool:
    """Whether the team (or a tier's seat) has a huddle time at all."""
    return team is not None and bool(
        session.scalar(select(HuddleSlot.id).where(HuddleSlot.team_id == team.id).limit(1))
    )
