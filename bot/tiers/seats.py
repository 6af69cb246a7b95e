"""A tier's seat: the team row that holds a division's or the trust's own huddle times, measures,
readings and huddle log, so prompts, recording, charts and the scheduler work for it unchanged.

A seat is never listed as a team (`Team.tier != "team"`); it speaks in its tier's channels (the
division's or the trust's addresses), not in channels of its own.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.addresses import addresses_of, owner_of
from bot.messages import Address
from bot.stores.tables.core import Division, Team, Trust

WARD = "team"
TIERS = ("division", "trust")
TRUST_SEAT = "trust.huddle"
# a seat's own settings: its huddle is the prompt; no weekly digest or reflection of its own
SEAT_SETTINGS = {"digest": "off", "reflection": "off", "nudge_after_minutes": 0}


def seat_key(kind: str, division: Division | None = None) -> str:
    """`division.medicine`, `trust.huddle`: never a team key (a team key has no dot)."""
    return f"division.{division.key}" if kind == "division" and division else TRUST_SEAT


def is_seat(team: Team | None) -> bool:
    return team is not None and (team.tier or WARD) != WARD


def division_seat(session: Session, division: Division) -> Team | None:
    return session.scalar(
        select(Team).where(Team.tier == "division", Team.division_id == division.id)
    )


def trust_seat(session: Session, trust: Trust) -> Team | None:
    return session.scalar(select(Team).where(Team.tier == "trust", Team.trust_id == trust.id))


def place_of(team: Team) -> tuple[str, int]:
    """The owner of a seat's channels: `("division", id)` or `("trust", id)`."""
    if team.tier == "division":
        return "division", team.division_id
    return "trust", team.trust_id


def seat_addresses(session: Session, team: Team) -> list[Address]:
    """Where a seat speaks: its division's or the trust's channels."""
    return addresses_of(session, *place_of(team))


def seat_here(session: Session, origin: object) -> Team | None:
    """The seat of the division or trust whose channel this conversation is, if it has one."""
    owner = owner_of(session, origin)  # type: ignore[arg-type]
    if owner is None:
        return None
    kind, owner_id = owner
    if kind == "division":
        division = session.get(Division, owner_id)
        return division_seat(session, division) if division else None
    if kind == "trust":
        trust = session.get(Trust, owner_id)
        return trust_seat(session, trust) if trust else None
    return None


def active_divisions(session: Session, trust_id: int, by_key: bool = True) -> list[Division]:
    """The trust's divisions that are not retired, by key (or as stored)."""
    query = select(Division).where(Division.trust_id == trust_id, Division.retired_at.is_(None))
    return list(session.scalars(query.order_by(Division.key) if by_key else query))


def wards(session: Session, trust_id: int, division_id: int | None = None) -> list[Team]:
    """The active wards and departments (no seats), of one division when given, by key."""
    query = select(Team).where(
        Team.trust_id == trust_id, Team.tier == WARD, Team.retired_at.is_(None)
    )
    if division_id is not None:
        query = query.where(Team.division_id == division_id)
    return list(session.scalars(query.order_by(Team.key)))


def tier_name(session: Session, team: Team) -> str:
    """`the Medicine division`, `Demo NHS Trust`."""
    if team.tier == "division":
        division = session.get(Division, team.division_id)
        return f"the {division.name} division" if division else team.name
    return team.name
